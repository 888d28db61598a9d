#!/usr/bin/python3
"""tshark_diff.py - differential test of `autostatic decode --json` against tshark.

For every capture, runs `tshark -T json` and `autostatic decode --json`, matches packets by frame
number (our "n" is tshark's frame.number) and compares, field by field, every frame that tshark
decodes as RIP, RIPng, IPX RIP or IPX SAP without a malformed/short/unreassembled mark or an
expert error in that protocol:

  RIP    command, version; per entry family, address/prefix, mask and prefix length, next hop,
         metric, route tag; authentication type, password, key id, sequence number, packet length
         (tshark's digest offset) and auth data length; IP source, destination, TTL, UDP ports
  RIPng  command, version; per entry prefix, prefix length, route tag, metric (next-hop entries:
         address and metric 0xFF); IPv6 source, destination, hop limit, UDP ports
  IPX    framing, source and destination network/node/socket; RIP packet type and per entry
         network, hops, ticks; SAP packet type, queried service type, per entry type, name,
         network, node, socket, hops

A frame that tshark decodes as one of them and that we do not emit, or one that we emit and tshark
does not decode as that protocol, is a mismatch.

Known gaps, excluded with a logged reason (never silently):
  * tshark does not decode RFC 2091 bodies (commands 9, 10, 11): for those frames only the header
    (command number, version) is compared, and our decode is checked against RFC 2091 instead:
    flush is 0 or 1; the sequence number grows by one between successive Update Responses from one
    source; every Update Acknowledge repeats the sequence number and flush of an earlier Update
    Response from the acknowledged router and carries no entries; a full Update Response has 24
    entries (RIPv2; RIPng: as many as the largest one), an update ends with a shorter one, no
    update carries a prefix twice, and every complete table (flush=1 up to its short response)
    from one source has the same number of routes (check_rfc2091_tables);
  * tshark 4.0 reads only 16 bytes of RFC 4822 HMAC-SHA digests and shows the rest of the trailer
    as an entry of family 65535: digests are never compared and that pseudo-entry is dropped;
  * protocols our decoder does not emit yet (no object of that kind in any capture of the run)
    are skipped with a note; --strict (or TSHARK_DIFF_STRICT=1) makes them mismatches.

Usage: tshark_diff.py [--autostatic BIN] [--tshark BIN] [--pcaps DIR] [--keys FILE] [--strict]
                      [-v] [CAPTURE...]
Environment (set by `make check`): top_srcdir, top_builddir, TSHARK.
Exit status: 0 no mismatch, 1 a mismatch, 77 tshark absent (skip), 99 hard error.
Standard library only; run with Debian's /usr/bin/python3.
"""

import argparse
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys

PROTOS = ("rip", "ripng", "ipxrip", "ipxsap")
PI_ERROR = 0x00800000  # tshark expert severity "error" (and above)

RIP_CMDS = {
    "request": 1, "response": 2, "traceon": 3, "traceoff": 4, "sun-reserved": 5,
    "triggered-request": 6, "triggered-response": 7, "triggered-ack": 8,
    "update-request": 9, "update-response": 10, "update-ack": 11,
}
RIPNG_CMDS = {"request": 1, "response": 2,
              "update-request": 9, "update-response": 10, "update-ack": 11}
IPXRIP_CMDS = {"request": 1, "response": 2}
SAP_CMDS = {"general-query": 1, "general-response": 2, "nearest-query": 3, "nearest-response": 4}
UPDATE_CMDS = ("update-request", "update-response", "update-ack")
RIP_FULL_RESPONSE = 24  # RFC 2091 Update Response entries in a 512-byte RIPv2 packet (BIRD)
ABSENT = "<absent>"
RFC = "RFC 2091 check: expected"


class Obj(list):
    """A JSON object as its ordered (key, value) pairs: tshark repeats keys."""

    def get(self, key, default=None):
        for k, v in self:
            if k == key:
                return v
        return default

    def getall(self, key):
        return [v for k, v in self if k == key]

    def has(self, key):
        return any(k == key for k, _ in self)


def load_pairs(text):
    return json.loads(text, object_pairs_hook=Obj)


# ------------------------------------------------------------------------------------------------
# Value normalisation


def to_int(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    s = str(v).strip()
    try:
        return int(s, 16) if s.lower().startswith("0x") else int(s, 10)
    except ValueError:
        return s


def norm_ip(v):
    if v is None:
        return None
    try:
        return ipaddress.ip_address(str(v)).compressed
    except ValueError:
        return str(v)


def norm_mac(v):
    if v is None:
        return None
    s = re.sub(r"[^0-9a-fA-F]", "", str(v)).lower()
    return s if len(s) == 12 else str(v)


def norm_net(v):
    """An IPX network: tshark '0xa8f87967', ours 'a8f87967' (or an integer)."""
    if v is None:
        return None
    if isinstance(v, int):
        return "%08x" % v
    s = str(v).strip().lower()
    if s.startswith("0x"):
        s = s[2:]
    try:
        return "%08x" % int(s, 16)
    except ValueError:
        return s


def mask_of_len(plen):
    plen = int(plen)
    return str(ipaddress.IPv4Address((0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0))


def len_of_mask(mask):
    """Prefix length of a contiguous dotted mask, or None."""
    try:
        m = int(ipaddress.IPv4Address(mask))
    except ValueError:
        return None
    inv = ~m & 0xFFFFFFFF
    if inv & (inv + 1):
        return None
    return 32 - inv.bit_length()


def parse_ipx_addr(v):
    """Ours: 'a8f87967.00:00:00:00:00:01:0455' (network.node:socket; the node may be written
    without separators, the socket is 4 hex digits), or an object {network, node, socket}.
    Returns (network, node, socket) normalised, or None."""
    if isinstance(v, (dict, Obj)):
        d = dict(v)
        sock = d.get("socket")
        return (norm_net(d.get("network", d.get("net"))), norm_mac(d.get("node")),
                sock if isinstance(sock, int) else to_int("0x" + str(sock)))
    if not isinstance(v, str):
        return None
    m = re.fullmatch(r"\s*(?:0x)?([0-9A-Fa-f]{1,8})\.(.+?)[:.]([0-9A-Fa-f]{4})\s*", v)
    if not m:
        return None
    return norm_net(m.group(1)), norm_mac(m.group(2)), int(m.group(3), 16)


def frames_text(ns):
    """1,2,3,5,7,8 -> '1-3,5,7-8'."""
    ns = sorted(set(ns))
    out, i = [], 0
    while i < len(ns):
        j = i
        while j + 1 < len(ns) and ns[j + 1] == ns[j] + 1:
            j += 1
        out.append(str(ns[i]) if i == j else "%d-%d" % (ns[i], ns[j]))
        i = j + 1
    return ",".join(out)


# ------------------------------------------------------------------------------------------------
# tshark's view of a frame


def experts(node, out):
    """Collects (severity, message) of every expert item below node."""
    if isinstance(node, Obj):
        for k, v in node:
            if k == "_ws.expert" and isinstance(v, Obj):
                out.append((to_int(v.get("_ws.expert.severity", 0)) or 0,
                            v.get("_ws.expert.message", "")))
            experts(v, out)
    elif isinstance(node, list):
        for v in node:
            experts(v, out)
    return out


class TFrame:
    """One frame of tshark -T json output."""

    def __init__(self, pkt):
        self.layers = Obj(pkt).get("_source", Obj()).get("layers", Obj())
        frame = self.layers.get("frame", Obj())
        self.n = int(frame.get("frame.number"))
        self.protocols = frame.get("frame.protocols", "").split(":")

    def layer(self, name):
        v = self.layers.getall(name)
        return v[-1] if v and isinstance(v[-1], Obj) else None

    def has_proto(self, p):
        return p in self.protocols or self.layers.has(p)

    def trouble(self, proto):
        """Why tshark's decode of proto in this frame cannot be trusted, or None."""
        reasons = []
        if self.layers.has("_ws.malformed"):
            reasons.append("tshark marks it Malformed Packet")
        if self.layers.has("_ws.short"):
            reasons.append("tshark: packet size limited during capture")
        if self.layers.has("_ws.unreassembled"):
            reasons.append("tshark: unreassembled IP fragment")
        layer = self.layer(proto)
        if layer is None:
            reasons.append("tshark shows no %s fields" % proto)
        else:
            for sev, msg in experts(layer, []):
                if sev >= PI_ERROR:
                    reasons.append("tshark expert error: %s" % msg)
        return "; ".join(reasons) or None

    def ipx_framing(self):
        p = self.protocols
        if "ipx" not in p:
            return None
        prev = p[p.index("ipx") - 1] if p.index("ipx") > 0 else ""
        if prev == "ethertype":
            return "ethernet_ii"
        if prev == "llc":
            llc = self.layer("llc")
            if llc is not None and (llc.has("llc.type") or llc.has("llc.oui")):
                return "snap"
            return "802.2"
        return "802.3"


# ------------------------------------------------------------------------------------------------
# Per-capture report


class Report:
    def __init__(self, name):
        self.name = name
        self.frames = 0
        self.fields = 0
        self.mismatches = []  # (n, field, ours, theirs, what theirs is)
        self.excluded = {}  # reason -> [n]
        self.notes = []

    def cmp(self, n, field, ours, theirs, label="tshark"):
        self.fields += 1
        if ours != theirs:
            self.mismatches.append((n, field, ours, theirs, label))

    def mismatch(self, n, field, ours, theirs, label="tshark"):
        self.fields += 1
        self.mismatches.append((n, field, ours, theirs, label))

    def exclude(self, n, reason):
        self.excluded.setdefault(reason, []).append(n)

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def print(self, verbose, out):
        print("== %s: %d frames compared, %d fields compared, %d mismatches"
              % (self.name, self.frames, self.fields, len(self.mismatches)), file=out)
        for text in self.notes:
            print("   note: %s" % text, file=out)
        for reason, ns in self.excluded.items():
            print("   excluded (%s): frame%s %s"
                  % (reason, "s" if len(ns) > 1 else "", frames_text(ns)), file=out)
        limit = None if verbose else 200
        for i, (n, field, ours, theirs, label) in enumerate(self.mismatches):
            if limit is not None and i >= limit:
                print("   ... %d more mismatches (use -v)" % (len(self.mismatches) - limit),
                      file=out)
                break
            print("   MISMATCH frame %s %s: ours %s, %s %s"
                  % (n, field, fmt(ours), label, fmt(theirs)), file=out)


def fmt(v):
    if v is None:
        return ABSENT
    if isinstance(v, str):
        return json.dumps(v) if v != ABSENT else v
    return str(v)


# ------------------------------------------------------------------------------------------------
# Field-by-field comparisons


def cmp_ip_udp(rep, n, o, tf, family):
    ipl = tf.layer("ip" if family == 4 else "ipv6")
    udp = tf.layer("udp")
    if ipl is not None:
        pre = "ip" if family == 4 else "ipv6"
        rep.cmp(n, "src", norm_ip(o.get("src")), norm_ip(ipl.get(pre + ".src")))
        rep.cmp(n, "dst", norm_ip(o.get("dst")), norm_ip(ipl.get(pre + ".dst")))
        if "ttl" in o:
            rep.cmp(n, "ttl", o.get("ttl"),
                    to_int(ipl.get("ip.ttl" if family == 4 else "ipv6.hlim")))
    if udp is not None:
        rep.cmp(n, "sport", o.get("sport"), to_int(udp.get("udp.srcport")))
        rep.cmp(n, "dport", o.get("dport"), to_int(udp.get("udp.dstport")))


def rip_tshark_parts(layer):
    """(auth subtree or None, [entries]) of a tshark rip layer; an entry is a dict of rip.*
    fields, or {'unknown_afi': N} for tshark's "Unknown address family N"."""
    auth, entries = None, []
    for k, v in layer:
        if not isinstance(v, Obj):
            continue
        if v.has("rip.auth.type"):
            auth = v
        elif v.has("rip.family"):
            entries.append({kk: vv for kk, vv in v if not isinstance(vv, Obj)})
        else:
            for _, msg in experts(v, []):
                m = re.match(r"Unknown address family (\d+)", msg)
                if m:
                    entries.append({"unknown_afi": int(m.group(1))})
                    break
    return auth, entries


def ours_auth_type(a):
    if a is None:
        return None
    t = a.get("type")
    if t == "simple":
        return 2
    if t in ("md5", "sha1", "sha256", "sha384", "sha512", "hmac-sha1", "hmac-sha256",
             "hmac-sha384", "hmac-sha512", "keyed-md5"):
        return 3
    return to_int(t)


def cmp_rip(rep, n, o, tf, rfc2091):
    layer = tf.layer("rip")
    cmd = RIP_CMDS.get(o.get("command"), o.get("command"))
    rep.cmp(n, "command", cmd, to_int(layer.get("rip.command")))
    rep.cmp(n, "version", o.get("version"), to_int(layer.get("rip.version")))
    if rfc2091:
        return  # tshark does not decode the RFC 2091 body: checked against the RFC instead
    cmp_ip_udp(rep, n, o, tf, 4)
    tauth, tents = rip_tshark_parts(layer)
    oauth = o.get("auth")
    if oauth is not None and not isinstance(oauth, dict):
        oauth = None
    ttype = to_int(tauth.get("rip.auth.type")) if tauth is not None else None
    rep.cmp(n, "auth.type", ours_auth_type(oauth), ttype)
    if oauth is not None and tauth is not None:
        if ttype == 2:
            rep.cmp(n, "auth.password", oauth.get("password"), tauth.get("rip.auth.passwd"))
        elif ttype == 3:
            rep.cmp(n, "auth.key_id", oauth.get("key_id"), to_int(tauth.get("rip.key_id")))
            rep.cmp(n, "auth.seq", oauth.get("seq"), to_int(tauth.get("rip.seq_num")))
            rep.cmp(n, "auth.packet_len", oauth.get("packet_len"),
                    to_int(tauth.get("rip.digest_offset")))
            rep.cmp(n, "auth.auth_len", oauth.get("auth_len"),
                    to_int(tauth.get("rip.auth_data_len")))
            rep.note("authentication digests are not compared (tshark 4.0 shows only 16 bytes "
                     "of RFC 4822 digests)")
            if (to_int(tauth.get("rip.auth_data_len")) or 0) > 16:
                dropped = 0
                while tents and tents[-1].get("unknown_afi") == 0xFFFF:
                    tents.pop()
                    dropped += 1
                if dropped:
                    rep.exclude(n, "known tshark 4.0 gap: the RFC 4822 trailer past 16 digest "
                                   "bytes shown as an entry of family 65535, that entry dropped")
    oents = o.get("entries") or []
    rep.cmp(n, "entries.count", len(oents), len(tents))
    for i, (oe, te) in enumerate(zip(oents, tents)):
        f = "entry[%d]." % i
        if "unknown_afi" in te:
            rep.cmp(n, f + "afi", oe.get("afi"), te["unknown_afi"])
            continue
        rep.cmp(n, f + "afi", oe.get("afi"), to_int(te.get("rip.family")))
        if "prefix" in oe:
            addr, _, plen = str(oe["prefix"]).partition("/")
        else:
            addr, plen = oe.get("address"), None
        if "rip.ip" in te:
            rep.cmp(n, f + "address", norm_ip(addr), norm_ip(te["rip.ip"]))
        if "rip.netmask" in te:
            tmask = norm_ip(te["rip.netmask"])
            omask = oe.get("mask")
            if omask is None and plen not in (None, ""):
                omask = mask_of_len(plen)
            rep.cmp(n, f + "mask", norm_ip(omask), tmask)
            tlen = len_of_mask(tmask)
            if tlen is not None:
                rep.cmp(n, f + "prefix_len", to_int(plen) if plen else None, tlen)
        if "rip.next_hop" in te:
            rep.cmp(n, f + "next_hop", norm_ip(oe.get("next_hop")), norm_ip(te["rip.next_hop"]))
        if "rip.metric" in te:
            rep.cmp(n, f + "metric", oe.get("metric"), to_int(te["rip.metric"]))
        if "rip.route_tag" in te:
            rep.cmp(n, f + "tag", oe.get("tag"), to_int(te["rip.route_tag"]))


def cmp_ripng(rep, n, o, tf, rfc2091):
    layer = tf.layer("ripng")
    cmd = RIPNG_CMDS.get(o.get("command"), o.get("command"))
    rep.cmp(n, "command", cmd, to_int(layer.get("ripng.cmd")))
    rep.cmp(n, "version", o.get("version"), to_int(layer.get("ripng.version")))
    if rfc2091:
        return
    cmp_ip_udp(rep, n, o, tf, 6 if tf.layer("ipv6") is not None else 4)
    tents = [v for v in layer.getall("ripng.rte") if isinstance(v, Obj)]
    oents = o.get("entries") or []
    rep.cmp(n, "entries.count", len(oents), len(tents))
    for i, (oe, te) in enumerate(zip(oents, tents)):
        f = "entry[%d]." % i
        tpfx = norm_ip(te.get("ripng.rte.ipv6_prefix"))
        tmetric = to_int(te.get("ripng.rte.metric"))
        if "next_hop" in oe and "prefix" not in oe:
            rep.cmp(n, f + "next_hop", norm_ip(oe["next_hop"]), tpfx)
            rep.cmp(n, f + "metric", 0xFF, tmetric)
            continue
        addr, _, plen = str(oe.get("prefix", "")).partition("/")
        rep.cmp(n, f + "prefix", norm_ip(addr), tpfx)
        rep.cmp(n, f + "prefix_len", to_int(plen) if plen else None,
                to_int(te.get("ripng.rte.prefix_length")))
        rep.cmp(n, f + "tag", oe.get("tag"), to_int(te.get("ripng.rte.route_tag")))
        rep.cmp(n, f + "metric", oe.get("metric"), tmetric)


def cmp_ipx_hdr(rep, n, o, tf):
    rep.cmp(n, "framing", o.get("framing"), tf.ipx_framing())
    ipx = tf.layer("ipx")
    if ipx is None:
        return
    for side in ("src", "dst"):
        theirs = (norm_net(ipx.get("ipx.%s.net" % side)), norm_mac(ipx.get("ipx.%s.node" % side)),
                  to_int(ipx.get("ipx.%s.socket" % side)))
        ours = parse_ipx_addr(o.get(side))
        if ours is None:
            rep.mismatch(n, side, o.get(side), "%s.%s:%04x" % theirs)
            continue
        rep.cmp(n, side + ".network", ours[0], theirs[0])
        rep.cmp(n, side + ".node", ours[1], theirs[1])
        rep.cmp(n, side + ".socket", ours[2], theirs[2])


def cmp_ipxrip(rep, n, o, tf, rfc2091):
    layer = tf.layer("ipxrip")
    cmp_ipx_hdr(rep, n, o, tf)
    if rfc2091:
        return
    rep.cmp(n, "command", IPXRIP_CMDS.get(o.get("command"), o.get("command")),
            to_int(layer.get("ipxrip.packet_type")))
    tents, cur = [], None
    for k, v in layer:
        if k == "ipxrip.route_vector":
            cur = {"network": norm_net(v)}
            tents.append(cur)
        elif k in ("ipxrip.hops", "ipxrip.ticks") and cur is not None:
            cur[k.split(".")[1]] = to_int(v)
    oents = o.get("entries") or []
    rep.cmp(n, "entries.count", len(oents), len(tents))
    for i, (oe, te) in enumerate(zip(oents, tents)):
        f = "entry[%d]." % i
        rep.cmp(n, f + "network", norm_net(oe.get("network")), te.get("network"))
        rep.cmp(n, f + "hops", oe.get("hops"), te.get("hops"))
        rep.cmp(n, f + "ticks", oe.get("ticks"), te.get("ticks"))


def cmp_ipxsap(rep, n, o, tf, rfc2091):
    layer = tf.layer("ipxsap")
    cmp_ipx_hdr(rep, n, o, tf)
    if rfc2091:
        return
    cmd = SAP_CMDS.get(o.get("command"), o.get("command"))
    rep.cmp(n, "command", cmd, to_int(layer.get("ipxsap.packet_type")))
    if cmd in (1, 3):
        rep.cmp(n, "service_type", to_int(o.get("service_type")),
                to_int(layer.get("ipxsap.server.type")))
    tents = [v for v in layer.getall("ipxsap.server") if isinstance(v, Obj)]
    oents = o.get("entries") or []
    rep.cmp(n, "entries.count", len(oents), len(tents))
    for i, (oe, te) in enumerate(zip(oents, tents)):
        f = "entry[%d]." % i
        rep.cmp(n, f + "type", to_int(oe.get("type")), to_int(te.get("ipxsap.server.type")))
        rep.cmp(n, f + "name", oe.get("name"), te.get("ipxsap.server.name"))
        rep.cmp(n, f + "network", norm_net(oe.get("network")),
                norm_net(te.get("ipxsap.server.network")))
        rep.cmp(n, f + "node", norm_mac(oe.get("node")), norm_mac(te.get("ipxsap.server.node")))
        sock = oe.get("socket")
        rep.cmp(n, f + "socket", sock if isinstance(sock, int) else to_int("0x%s" % sock),
                to_int(te.get("ipxsap.server.socket")))
        rep.cmp(n, f + "hops", oe.get("hops"),
                to_int(te.get("ipxsap.server.intermediate_networks")))


COMPARE = {"rip": cmp_rip, "ripng": cmp_ripng, "ipxrip": cmp_ipxrip, "ipxsap": cmp_ipxsap}


def tshark_cmd_number(tf, proto):
    layer = tf.layer(proto)
    if layer is None:
        return None
    key = {"rip": "rip.command", "ripng": "ripng.cmd", "ipxrip": "ipxrip.packet_type",
           "ipxsap": "ipxsap.packet_type"}[proto]
    return to_int(layer.get(key))


# ------------------------------------------------------------------------------------------------
# RFC 2091 checks of our decode (tshark cannot check these)


def check_rfc2091(rep, objs):
    """objs: our update-* objects of one capture, in frame order."""
    if not objs:
        return
    last_seq = {}  # (proto, src) -> seq of the previous Update Response
    responses = {}  # (proto, src) -> [obj]
    seen = {}  # (proto, src) -> set of (seq, flush) of Update Responses
    for o in objs:
        n, proto, cmd = o.get("n"), o.get("proto"), o.get("command")
        src = norm_ip(o.get("src"))
        if cmd in ("update-response", "update-ack"):
            flush = o.get("flush")
            rep.fields += 1
            if flush not in (0, 1):
                rep.mismatch(n, "rfc2091.flush", flush, "0 or 1", RFC)
        if cmd == "update-response":
            key = (proto, src)
            seq = o.get("seq")
            if key in last_seq and isinstance(seq, int):
                rep.cmp(n, "rfc2091.seq", seq, (last_seq[key] + 1) & 0xFFFF, RFC)
            last_seq[key] = seq
            responses.setdefault(key, []).append(o)
            seen.setdefault(key, set()).add((seq, o.get("flush")))
        elif cmd == "update-ack":
            peer = (proto, norm_ip(o.get("dst")))
            rep.fields += 1
            if (o.get("seq"), o.get("flush")) not in seen.get(peer, set()):
                rep.mismatch(n, "rfc2091.ack", "seq %s flush %s" % (o.get("seq"), o.get("flush")),
                             "an earlier Update Response from %s with that seq/flush" % peer[1],
                             RFC)
            rep.cmp(n, "rfc2091.ack_entries", len(o.get("entries") or []), 0, RFC)
    for (proto, src), rs in responses.items():
        check_rfc2091_tables(rep, proto, src, rs)


def entry_key(e):
    return e.get("prefix") or e.get("address") or e.get("next_hop")


def check_rfc2091_tables(rep, proto, src, rs):
    """Entries per Update Response, per update and per table, for one source.

    A run of Update Responses is one update: it starts at a response with flush=1 (a whole table)
    or after a short response, and ends with a response that carries fewer entries than a full
    one (24 for RIPv2, as many as the largest one seen for RIPng), or where the next run starts.
    Every response but the last of its run is full by construction, so the checks are: no response
    is larger than full, no run carries a prefix twice (a resend of the previous response with a
    new sequence number is not counted twice), and every complete non-empty table (a run from
    flush=1 to its short response) from one source carries the same number of routes."""
    counts = [len(r.get("entries") or []) for r in rs]
    full = RIP_FULL_RESPONSE if proto == "rip" else max(counts)
    runs, cur = [], []
    for r, cnt in zip(rs, counts):
        rep.fields += 1
        if cnt > full:
            rep.mismatch(r.get("n"), "rfc2091.entries", cnt,
                         "at most %d entries per Update Response" % full, RFC)
        if r.get("flush") == 1 and cur:
            runs.append(cur)
            cur = []
        cur.append(r)
        if cnt < full:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    tables = []
    for run in runs:
        seen, prev = {}, None
        for r in run:
            ents = r.get("entries") or []
            if prev is not None and ents == (prev.get("entries") or []):
                prev = r
                continue  # the same response sent again under a new sequence number
            prev = r
            for e in ents:
                k = entry_key(e)
                rep.fields += 1
                if k in seen:
                    rep.mismatch(r.get("n"), "rfc2091.duplicate", k,
                                 "one entry per prefix in an update (first in frame %s)" % seen[k],
                                 RFC)
                else:
                    seen[k] = r.get("n")
        complete = (run[0].get("flush") == 1
                    and len(run[-1].get("entries") or []) < full and seen)
        if complete:
            tables.append((run[0].get("n"), run[-1].get("n"), len(seen)))
    if tables:
        rep.note("RFC 2091 %s tables from %s: %s" % (
            proto, src, ", ".join("frames %d-%d: %d routes" % t for t in tables)))
        for first, _, size in tables:
            rep.cmp(first, "rfc2091.table_size", size, tables[0][2],
                    "RFC 2091 check: the first table's size,")


# ------------------------------------------------------------------------------------------------
# Running the two decoders


def run_tshark(tshark, path, dfilter=" or ".join(PROTOS)):
    cmd = [tshark, "-n", "-r", path, "-T", "json",
           "-o", "rip.display_routing_domain:FALSE",
           "-Y", dfilter]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    text = p.stdout.decode("utf-8", "replace")
    try:
        pkts = load_pairs(text) if text.strip() else []
    except ValueError as e:
        raise RuntimeError("tshark output for %s is not JSON (%s): %s"
                           % (path, e, p.stderr.decode("utf-8", "replace").strip()))
    if p.returncode != 0 and not pkts:
        raise RuntimeError("tshark failed on %s (status %d): %s"
                           % (path, p.returncode, p.stderr.decode("utf-8", "replace").strip()))
    return [TFrame(x) for x in pkts]


def tshark_frames(tshark, path, ns):
    """tshark's decode of the given frames, by number."""
    out = {}
    for i in range(0, len(ns), 500):
        chunk = ns[i:i + 500]
        for tf in run_tshark(tshark, path, "frame.number in {%s}" % ",".join(map(str, chunk))):
            out[tf.n] = tf
    return out


def run_ours(binary, path, keys):
    cmd = [binary, "decode", "--json", "-r", path]
    for k in keys:
        cmd += ["-k", k]
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       stdin=subprocess.DEVNULL, check=False)
    if p.returncode != 0:
        raise RuntimeError("autostatic decode failed on %s (status %d): %s"
                           % (path, p.returncode, p.stderr.decode("utf-8", "replace").strip()))
    objs = []
    for i, line in enumerate(p.stdout.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            raise RuntimeError("%s: our JSON line %d does not parse: %s" % (path, i, e))
    return objs


def compare_capture(rep, tframes, ours, supported, strict, lookup):
    """lookup(frame numbers) -> {n: TFrame}: tshark's decode of frames it did not show as one
    of PROTOS (called only for frames that we emit)."""
    by_n = {}
    for o in ours:
        by_n.setdefault(o.get("n"), []).append(o)
    updates = []
    tshark_has = set()
    for tf in tframes:
        for proto in PROTOS:
            if not tf.has_proto(proto):
                continue
            tshark_has.add((tf.n, proto))
            mine = [o for o in by_n.get(tf.n, []) if o.get("proto") == proto]
            trouble = tf.trouble(proto)
            if not mine:
                if proto not in supported and not strict:
                    rep.note("our decoder emits no %s objects yet: %s frames skipped"
                             % (proto, proto))
                    rep.exclude(tf.n, "%s not emitted by our decoder yet" % proto)
                elif trouble:
                    rep.exclude(tf.n, "not emitted by us; " + trouble)
                else:
                    rep.mismatch(tf.n, "presence", ABSENT, "decoded as %s" % proto)
                continue
            o = mine[0]
            if len(mine) > 1:
                rep.mismatch(tf.n, "presence", "%d %s objects" % (len(mine), proto), "one")
            is_update = o.get("command") in UPDATE_CMDS
            if is_update:
                updates.append(o)
            if trouble and not (is_update and tf.layer(proto) is not None):
                rep.exclude(tf.n, trouble + (" (RFC 2091: checked against the RFC instead)"
                                             if is_update else ""))
                continue
            rep.frames += 1
            if is_update:
                rep.exclude(tf.n, "RFC 2091 body: tshark decodes only the header; "
                                  "body checked against RFC 2091")
            COMPARE[proto](rep, tf.n, o, tf, is_update)
    # Ours but not tshark's: ask tshark what it makes of those frames.
    only_ours = [o for o in ours
                 if o.get("proto") in PROTOS and (o.get("n"), o.get("proto")) not in tshark_has]
    other = lookup(sorted({o.get("n") for o in only_ours})) if only_ours else {}
    for o in only_ours:
        proto, n = o.get("proto"), o.get("n")
        if o.get("command") in UPDATE_CMDS:
            updates.append(o)
        tf = other.get(n)
        if tf is None:
            rep.mismatch(n, "presence", proto, "frame not decoded as %s" % proto)
            continue
        why = tf.trouble(tf.protocols[-1]) if tf.protocols else None
        ltype = to_int(tf.layer("sll").get("sll.ltype")) if tf.layer("sll") is not None else None
        ours_err = "ours: %s%s" % (proto, ", invalid: %s" % o.get("error") if o.get("error") else "")
        if why and "no " not in why:
            rep.exclude(n, "%s, decoding it as %s (%s); not compared"
                        % (why, ":".join(tf.protocols), ours_err))
        elif isinstance(ltype, int) and ltype <= 1500 and ltype not in (1, 4) and \
                tf.protocols[-1:] == ["data"]:
            rep.exclude(n, "known tshark gap: a Linux cooked frame whose protocol field holds an "
                           "802.3 length (the capturing host's outgoing copy) is shown as data; "
                           "%s, not compared" % ours_err)
        else:
            rep.mismatch(n, "presence", proto, "decoded as %s" % ":".join(tf.protocols))
    updates.sort(key=lambda o: o.get("n", 0))
    # RFC 2091 checks run on every update-* object we emit, tshark-visible or not.
    seen_n = set()
    uniq = []
    for o in updates:
        if (o.get("n"), o.get("proto")) not in seen_n:
            seen_n.add((o.get("n"), o.get("proto")))
            uniq.append(o)
    check_rfc2091(rep, [o for o in uniq if o.get("proto") in ("rip", "ripng")])


def read_keys(path):
    keys = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                keys.append(line)
    return keys


def main():
    srcdir = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))
    builddir = os.environ.get("top_builddir") or os.getcwd()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--autostatic", default=os.environ.get("AUTOSTATIC") or
                    os.path.join(builddir, "src", "cli", "autostatic"))
    ap.add_argument("--tshark", default=os.environ.get("TSHARK") or shutil.which("tshark"))
    ap.add_argument("--pcaps", default=os.path.join(srcdir, "pcaps"))
    ap.add_argument("--keys", default=os.path.join(srcdir, "tests", "golden", "keys.txt"))
    ap.add_argument("--strict", action="store_true",
                    default=os.environ.get("TSHARK_DIFF_STRICT", "") not in ("", "0"),
                    help="a protocol our decoder does not emit yet is a mismatch, not a note")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    ap.add_argument("captures", nargs="*", help="captures (default: every one under --pcaps)")
    args = ap.parse_args()

    if not args.tshark or not os.access(args.tshark, os.X_OK):
        print("SKIP: tshark not found (install tshark, or set TSHARK)")
        return 77
    if not os.access(args.autostatic, os.X_OK):
        print("ERROR: %s is not built" % args.autostatic, file=sys.stderr)
        return 99
    caps = args.captures
    if not caps:
        if not os.path.isdir(args.pcaps):
            print("SKIP: no captures at %s" % args.pcaps)
            return 77
        for root, _, files in os.walk(args.pcaps):
            for fn in files:
                if fn.endswith((".pcap", ".pcapng", ".cap")):
                    caps.append(os.path.join(root, fn))
        caps.sort()
    keys = read_keys(args.keys) if os.path.exists(args.keys) else []

    try:
        ours, failed = {}, {}
        for c in caps:
            try:
                ours[c] = run_ours(args.autostatic, c, keys)
            except RuntimeError as e:  # reported as that capture's mismatch, the rest go on
                ours[c], failed[c] = [], str(e)
        supported = {o.get("proto") for objs in ours.values() for o in objs}
        tver = subprocess.run([args.tshark, "-v"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=False).stdout.decode().split("\n")[0]
        print("tshark: %s" % tver)
        print("our decoder emits: %s%s" % (", ".join(p for p in PROTOS if p in supported) or
                                           "nothing", " (strict)" if args.strict else ""))
        total_m = total_f = total_fields = 0
        for c in caps:
            name = os.path.relpath(c, args.pcaps) if c.startswith(args.pcaps) else c
            rep = Report(name)
            if c in failed:
                rep.mismatch("-", "autostatic decode", failed[c], "a decode of the capture")
            else:
                compare_capture(rep, run_tshark(args.tshark, c), ours[c], supported, args.strict,
                                lambda ns, c=c: tshark_frames(args.tshark, c, ns))
            rep.print(args.verbose, sys.stdout)
            total_m += len(rep.mismatches)
            total_f += rep.frames
            total_fields += rep.fields
    except (RuntimeError, OSError) as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 99
    print("total: %d captures, %d frames compared, %d fields compared, %d mismatches"
          % (len(caps), total_f, total_fields, total_m))
    return 1 if total_m else 0


if __name__ == "__main__":
    sys.exit(main())
