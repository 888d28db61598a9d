#!/usr/bin/env python3
"""make_corpus_core.py - seeds for the harnesses above proto/: fuzz/corpus/engine_rx/ (the input
format at the top of fuzz/fuzz_engine_rx.c), fuzz/corpus/routefile/ (autostatic-routes(5)) and
fuzz/corpus/conf/ (autostatic.conf(5)). fuzz/corpus/ctl/ comes from fuzz/ctl_seeds.c (the
encoders themselves: `make fuzz-corpus-ctl`).

engine_rx seeds: hand-made exchanges (RIPv1/v2 Responses, RFC 2091 Update Responses, simple,
keyed-MD5 and HMAC-SHA authentication re-signed by the harness, requests to the responder, bad
sources, ports and checksums), then the Ethernet frames on UDP port 520 of every classic pcap
under pcaps/ with their spacing. Names are synth-<hash> / pcap-<hash>; only those are replaced.

Usage: fuzz/make_corpus_core.py   (from anywhere; no build needed)
"""
import hashlib
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def ip(a):
    return bytes(int(x) for x in a.split('.'))


def entry(addr, plen, metric, afi=2, tag=0, nh='0.0.0.0'):
    mask = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0
    return struct.pack('>HH4sI4sI', afi, tag, ip(addr), mask, ip(nh), metric)


def entry_v1(addr, metric):
    return struct.pack('>HH4s8xI', 2, 0, ip(addr), metric)


def routes(n, base=0, metric=1):
    return [entry('198.18.%d.%d' % ((base + i) // 4, ((base + i) % 4) * 64), 26, metric)
            for i in range(n)]


WHOLE = struct.pack('>HH4sI4sI', 0, 0, b'\0' * 4, 0, b'\0' * 4, 16)
DIGEST = {2: 16, 3: 20, 4: 32, 5: 48, 6: 64}


def rip(cmd, ents, version=2, upd=None, auth=None, key_id=1, seq=1):
    """auth: None, 1 simple, 2..6 crypto (the harness re-signs with flag 0x40)."""
    hdr = struct.pack('>BBH', cmd, version, 0)
    if upd is not None:
        hdr += struct.pack('>BBH', 1, upd[0], upd[1])
    if auth == 1:
        hdr += struct.pack('>HH', 0xFFFF, 2) + b'abcdefghijklmnop'
        return hdr + b''.join(ents)
    if auth:
        dl = DIGEST[auth]
        body_len = len(hdr) + 20 + 20 * len(ents)
        hdr += struct.pack('>HHHBBI8x', 0xFFFF, 3, body_len, key_id, dl, seq)
        return hdr + b''.join(ents) + struct.pack('>HH', 0xFFFF, 1) + b'\0' * dl
    return hdr + b''.join(ents)


def frame(body, flags=0, dt=1):
    return struct.pack('>BBH', flags, dt, len(body)) + body


def setup(b0=0, key_id=1, b2=0x14, b3=0):
    return bytes([b0, key_id, b2, b3])


def ripng(cmd, rtes):
    return struct.pack('>BBH', cmd, 1, 0) + b''.join(rtes)


def rte6(prefix16, plen, metric, tag=0):
    return prefix16 + struct.pack('>HBB', tag, plen, metric)


def p6(i):
    return bytes([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, i & 0xff]) + bytes(8)


def ipx(ptype, sock, body, dnet=0x0000abcd, dnode=b'\x02\0\0\0\0\x02', snet=0x0000abcd,
        snode=b'\x02\0\0\0\0\x01'):
    n = 30 + len(body)
    return (struct.pack('>HHBBI', 0xFFFF, n, 0, ptype, dnet) + dnode + struct.pack('>HI', sock, snet)
            + snode + struct.pack('>H', sock) + body)


def ipx_rip_resp(nets):
    return ipx(1, 0x453, struct.pack('>H', 2) + b''.join(struct.pack('>IHH', n, h, t) for n, h, t in nets))


def sap_resp(svcs):
    body = struct.pack('>H', 2)
    for typ, name, net, hops in svcs:
        body += struct.pack('>H', typ) + name.ljust(48, b'\0') + struct.pack('>I', net) + \
            b'\x02\0\0\0\0\x09' + struct.pack('>HH', 0x451, hops)
    return ipx(4, 0x452, body)


def synth():
    s = []
    # Plain request mode, RIPv2, the neighbour answers: one packet, two packets, metric 16.
    s.append(setup() + frame(rip(2, routes(5))))
    s.append(setup() + frame(rip(2, routes(25))) + frame(rip(2, routes(5, 25)), dt=0))
    s.append(setup() + frame(rip(2, routes(3, metric=16) + routes(2, 3))))
    s.append(setup() + frame(rip(2, [])))
    # Late, retried, from elsewhere, wrong port, multicast, bad checksum, TTL 1.
    s.append(setup(b2=0x17) + frame(rip(2, routes(4)), dt=120))
    for fl in (0x02, 0x04, 0x06, 0x08, 0x10, 0x20, 0x80):
        s.append(setup() + frame(rip(2, routes(4)), flags=fl))
    # No neighbour configured: the first to answer.
    s.append(setup(0x20) + frame(rip(2, routes(4)), flags=0x02) + frame(rip(2, routes(4, 8))))
    # RIPv1.
    s.append(setup(0x02 | (7 << 2)) + frame(rip(2, [entry_v1('198.18.1.0', 1)], version=1)))
    # Skip reasons inside an accepted packet.
    bad = [entry('224.0.0.0', 4, 1), entry('198.18.0.1', 24, 1), entry('198.18.0.0', 24, 0),
           entry('198.18.0.0', 24, 1, afi=7), entry('198.18.2.0', 24, 1, nh='127.0.0.1')]
    s.append(setup() + frame(rip(2, bad + routes(2))))
    # Triggered (RFC 2091): Update Responses with flush, sequence numbers, repeats.
    t = setup(0x01)
    s.append(t + frame(rip(10, routes(24), upd=(1, 100))) + frame(rip(10, routes(6, 24), upd=(0, 101))))
    s.append(t + frame(rip(10, routes(24), upd=(1, 7))) + frame(rip(10, routes(24), upd=(1, 8)), dt=100)
             + frame(rip(10, routes(3, 24), upd=(0, 8))))
    s.append(t + frame(rip(2, routes(4))) + frame(rip(11, [], upd=(0, 5))))
    # Authentication: simple password, keyed MD5 and HMAC-SHA (re-signed), wrong sequence order.
    s.append(setup(1 << 2) + frame(rip(2, routes(4), auth=1)))
    for alg in (2, 3, 4, 5, 6):
        s.append(setup(alg << 2) + frame(rip(2, routes(4), auth=alg, seq=10), flags=0x40)
                 + frame(rip(2, routes(4, 4), auth=alg, seq=9), flags=0x40)
                 + frame(rip(2, routes(4, 8), auth=alg, seq=11), flags=0x40))
    s.append(setup((2 << 2) | 1) + frame(rip(10, routes(10), upd=(1, 3), auth=2, seq=5), flags=0x40))
    s.append(setup(2 << 2) + frame(rip(2, routes(4), auth=2, key_id=9), flags=0x40))
    s.append(setup(2 << 2) + frame(rip(2, routes(4))))
    # The responder: plain requests from a querier, triggered requests and acknowledgements.
    req = rip(1, [WHOLE])
    s.append(setup(0x40) + frame(req, flags=0x0a) + frame(rip(2, routes(2))))
    s.append(setup(0x40) + frame(req, flags=0x0a) + frame(req, flags=0x0a, dt=0)
             + frame(rip(1, [entry('198.18.0.0', 26, 16), entry('203.0.113.0', 24, 16)]), flags=0x0a))
    s.append(setup(0xC0 | 0x01) + frame(rip(9, [WHOLE], upd=(0, 0)), flags=0x02)
             + frame(rip(11, [], upd=(1, 0)), flags=0x02) + frame(rip(11, [], upd=(0, 1)), flags=0x02))
    s.append(setup(0xC0 | (4 << 2)) + frame(rip(9, [WHOLE], upd=(0, 0), auth=4), flags=0x42, dt=0)
             + frame(rip(1, [WHOLE], auth=4, seq=2), flags=0x42))
    s.append(setup(0x40 | (1 << 2)) + frame(rip(1, [WHOLE], auth=1), flags=0x0a))
    # RIPng (byte 3 = 1): responses from the neighbour's link-local address, hop limit 255 or 64,
    # next-hop RTEs, from a global address; a responder fed a whole-table request.
    v6 = 1
    s.append(setup(b3=v6) + frame(ripng(2, [rte6(p6(i), 64, 1 + i % 15) for i in range(10)])))
    s.append(setup(b3=v6) + frame(ripng(2, [rte6(p6(1), 64, 2)]), flags=0x80))
    s.append(setup(b3=v6) + frame(ripng(2, [rte6(b'\xfe\x80' + bytes(13) + b'\x01', 0, 0xff),
                                            rte6(p6(2), 64, 3), rte6(p6(3), 129, 3)])))
    s.append(setup(b3=v6) + frame(ripng(2, [rte6(p6(4), 64, 1)]), flags=0x04))
    s.append(setup(0x20, b3=v6) + frame(ripng(2, [rte6(p6(5), 48, 1)]), flags=0x10))
    s.append(setup(0x40, b3=v6) + frame(ripng(1, [rte6(bytes(16), 0, 16)]), flags=0x0a)
             + frame(ripng(2, [rte6(p6(6), 64, 1)])))
    s.append(setup(0x01, b3=v6) + frame(ripng(2, [rte6(p6(7), 64, 1)])))
    # IPX (byte 3 = 2 | framing << 2 | what << 4 | network given 0x40): RIP and SAP responses
    # in each framing, a responder fed general requests.
    for fr in range(4):
        b3 = 2 | fr << 2
        s.append(setup(b3=b3) + frame(ipx_rip_resp([(0x10000 + i, 1 + i % 15, 2) for i in range(8)]),
                                      flags=fr << 1)
                 + frame(sap_resp([(4, b'FS1', 0x10001, 1), (7, b'PRINT', 0x10002, 2)]),
                         flags=fr << 1, dt=0))
    s.append(setup(b3=2 | 1 << 4 | 0x40) + frame(ipx_rip_resp([(0xFFFFFFFF, 16, 1), (0, 1, 1), (5, 1, 1)])))
    s.append(setup(b3=2 | 2 << 4) + frame(sap_resp([(4, b'X' * 48, 0x10001, 1), (0xFFFF, b'', 1, 16)])))
    s.append(setup(0x40, b3=2) + frame(ipx(1, 0x453, struct.pack('>HIHH', 1, 0xFFFFFFFF, 0xFFFF, 0xFFFF)),
                                       flags=0x10)
             + frame(ipx(4, 0x452, struct.pack('>HH', 1, 0xFFFF)), flags=0x10))
    # A raw frame that is not IP, and one that is IPv4 but not UDP.
    s.append(setup() + frame(b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x81\x37' + b'\xff' * 30, flags=1)
             + frame(rip(2, routes(1))))
    return s


def read_pcap(path):
    """Frames (ts_ns, bytes) of a classic Ethernet pcap; [] for anything else."""
    with open(path, 'rb') as f:
        d = f.read()
    if len(d) < 24:
        return []
    magic = d[:4]
    for endian, ns in (('<', False), ('>', False)):
        m = struct.unpack(endian + 'I', magic)[0]
        if m in (0xa1b2c3d4, 0xa1b23c4d):
            ns = m == 0xa1b23c4d
            break
    else:
        return []
    linktype = struct.unpack(endian + 'I', d[20:24])[0]
    if linktype != 1:
        return []
    out, off = [], 24
    while off + 16 <= len(d):
        sec, frac, incl, _ = struct.unpack(endian + 'IIII', d[off:off + 16])
        off += 16
        out.append((sec * 10**9 + (frac if ns else frac * 1000), d[off:off + incl]))
        off += incl
    return out


def is_rip(fr):
    if len(fr) < 42 or fr[12:14] != b'\x08\x00' or fr[23] != 17:
        return False
    ihl = (fr[14] & 15) * 4
    u = 14 + ihl
    return len(fr) >= u + 8 and 520 in struct.unpack('>HH', fr[u:u + 4])


def from_pcaps():
    seeds = []
    for root, _, files in sorted(os.walk(os.path.join(TOP, 'pcaps'))):
        for name in sorted(files):
            if not name.endswith(('.pcap', '.cap')):
                continue
            frames = [(ts, fr) for ts, fr in read_pcap(os.path.join(root, name)) if is_rip(fr)]
            if not frames:
                continue
            frames = frames[:40]
            for b0 in (0x20, 0x60):  # any neighbour; also with a responder
                body, prev = setup(b0, b2=0xff), frames[0][0]
                for ts, fr in frames:
                    dt = min(255, max(0, (ts - prev) // 10**7))
                    prev = ts
                    body += frame(fr[:2048], flags=1, dt=dt)
                seeds.append(body)
    return seeds


ROUTEFILES = [
    (0, b'198.18.0.0/26\n198.18.0.64/26 3\n# comment\n\n198.18.1.0/24 15\n10.0.0.1\n'),
    (0, b'198.18.0.0/15 1 # trailing comment\n  203.0.113.0/24\t2\n0.0.0.0/0\n'),
    (0, b'198.18.0.1/24\n'),
    (0, b'198.18.0.0/24 16\n'),
    (0, b'198.18.0.0/24\n198.18.0.0/24\n'),
    (0, b'198.18.0.0/33\n'),
    (1, b'2001:db8:1::/64\n2001:db8::1 4\n::/0\n2001:db8:0:0:0:0:0:0/32 15\n'),
    (1, b'fe80::/10\n2001:db8::/129\n'),
    (1, b'::ffff:198.18.0.0/120 2\n'),
    (2, b'1\n0x2 3\nabcdef01 15\nFFFFFFFE\n'),
    (2, b'123456789\n'),
    (2, b'0x\n'),
]


CONFS = [
    b'[global]\nstate-dir = /var/lib/autostatic\ncontrol = /run/autostatic.sock\n'
    b'admin-group = netadm\nuser = nobody\nlog = syslog\nlog-rate = 10\n'
    b'route-protocol = 186\nroute-table = 254\n\n'
    b'[interface va]\ntransports = ip, ipv6, ipx\ninstall = yes\nip.neighbour = 192.0.2.2\n'
    b'ip.mode = triggered\nip.version = 2\nip.auth = md5:1:/etc/autostatic/key\n'
    b'ip.timeout = 2\nip.retransmit = 5\nip.retries = 3\nip.quiet-ms = 2000\n'
    b'ipv6.neighbour = fe80::1\nipx.frame = snap\nipx.network = 0000abcd\n'
    b'ipx.neighbour = 0000abcd.02:00:00:00:00:01\n',
    b'; comment\n# comment\n[interface eth0]\ntransports = ip\n[interface eth1]\n'
    b'transports = ipv6\nipv6.timeout = 0.5\n',
    b'[interface a]\ntransports = ip\n[interface a]\ntransports = ip\n',
    b'[interface ..]\ntransports = ip\n',
    b'[interface x]\n',
    b'[nonsense]\nkey = value\n',
    b'[global]\nlog = nowhere\n',
    b'[interface v]\ntransports = ip\nip.auth = simple:/k\nip.mode = request\nip.retries = 101\n',
    b'key without section\n',
    b'[interface v]\ntransports = ipx\nipx.frame = 802.3\nipx.network = ffffffff\n',
]


def write(target, prefix, seeds):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for n in os.listdir(d):
        if n.startswith(prefix + '-'):
            os.unlink(os.path.join(d, n))
    for s in seeds:
        with open(os.path.join(d, '%s-%s' % (prefix, hashlib.sha1(s).hexdigest()[:16])), 'wb') as f:
            f.write(s)


def main():
    write('engine_rx', 'synth', synth())
    write('engine_rx', 'pcap', from_pcaps())
    write('routefile', 'synth', [bytes([fam]) + text for fam, text in ROUTEFILES])
    write('conf', 'synth', CONFS)
    return 0


if __name__ == '__main__':
    sys.exit(main())
