/* rip_ops.c - what the RIP requester and responder share: the channel and its classifier,
 * signing what we send and judging the authentication of what we receive
 * (RFC 2453 4.1 simple password, RFC 2082 keyed MD5, RFC 4822 HMAC-SHA).
 */
#include "config.h"

#include <string.h>

#include <net/ethernet.h>

#include "src/rip/rip_mod.h"

/* The class of a RIP payload is its command byte: the engine keys endpoints by it, and the
 * endpoint decodes and re-checks everything else. */
static int rip_classify(const struct as_rx *rx, const char **reason)
{
	if (rx->f.payload_len < AS_RIP_HDR_LEN) {
		*reason = "rip-short";
		return -1;
	}
	return rx->f.payload[0];
}

static const struct as_proto_ops rip_ops = {
    .name = "rip",
    .classify = rip_classify,
};

/* Fragments of a RIP datagram would need reassembly; RIP packets are at most 512 bytes plus a
 * trailer, far below any MTU, so a filter on the UDP port (which misses later fragments) loses
 * nothing a correct peer sends. */
const struct as_chan_spec as_rip_chan_spec = {
    .protocol = ETHERTYPE_IP,
    .filter = "udp dst port 520",
    .ops = &rip_ops,
    .udp_port = AS_RIP_PORT,
};

bool as_rip_key_is_crypto(const struct as_rip_key *key)
{
	return key->alg >= AS_RIP_ALG_MD5;
}

void as_rip_signer_init(struct as_rip_signer *s, const struct as_rip_key *key, struct as_engine *e)
{
	s->key = *key;
	s->seq = (uint32_t)(as_engine_wall(e) / 1000000000ull);
}

ssize_t as_rip_sign_encode(struct as_rip_signer *s, struct as_rip_msg *msg, uint8_t *buf,
                           size_t cap)
{
	msg->auth.type = AS_RIP_AUTH_NONE;
	if (s->key.alg == AS_RIP_ALG_SIMPLE) {
		msg->auth.type = AS_RIP_AUTH_SIMPLE;
	} else if (as_rip_key_is_crypto(&s->key)) {
		msg->auth.type = AS_RIP_AUTH_CRYPTO;
		msg->auth.seq = s->seq++;
		msg->auth.auth_len = 0;
	}
	return as_rip_encode(msg, msg->auth.type ? &s->key : NULL, buf, cap);
}

unsigned as_rip_room(unsigned cmd, const struct as_rip_key *key)
{
	/* Plain responses: 25 entries, the authentication entry taking one (RFC 2453 4.1).
	 * RFC 2091 responses: 24, as BIRD sends them (4 more header bytes). */
	unsigned room = as_rip_cmd_is_triggered(cmd) ? 24 : 25;
	if (key->alg != AS_RIP_ALG_NONE)
		room--;
	return room;
}

const char *as_rip_auth_check(const uint8_t *buf, size_t len, const struct as_rip_msg *m,
                              const struct as_rip_key *key)
{
	if (key->alg == AS_RIP_ALG_NONE)
		return m->auth.type == AS_RIP_AUTH_NONE ? NULL : "auth-unexpected";
	if (m->auth.type == AS_RIP_AUTH_NONE)
		return "auth-missing";
	bool want_crypto = as_rip_key_is_crypto(key);
	if ((m->auth.type == AS_RIP_AUTH_CRYPTO) != want_crypto)
		return "auth-wrong-type";
	enum as_rip_err r = as_rip_auth_verify(buf, len, m, key);
	if (r == AS_RIP_OK)
		return NULL;
	/* Another algorithm (digest length) is a type mismatch; another key ID a failure. */
	if (r == AS_RIP_ERR_AUTH_NO_KEY && want_crypto && m->auth.alg != key->alg)
		return "auth-wrong-type";
	return "auth-failed";
}

const struct as_module as_module_rip = {
	.pid = AS_PID_IP,
	.name = "rip",
	.update_start = as_rip_update_start,
	.responder_start = as_rip_responder_start,
};
