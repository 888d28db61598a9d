/* router.c - the in-process router: one thread owning the packet engine, the interfaces and one
 * router manager per transport (IP, IPv6, IPX), with the semantics of RRAS
 * MprAdminInterface* calls and of the routing-protocol entry points DoUpdateRoutes /
 * DoUpdateServices / GetEventMessage (MPR.md, DESIGN.md "Admin API semantics").
 *
 * Threads: every admin call becomes a command queued to the router thread (mutex + an eventfd
 * that wakes it), and the caller waits on a condition variable until the command is done. The
 * engine is single-threaded, so only the router thread touches it, the interfaces and the store;
 * the command queue serialises callers. A synchronous update is a command that completes when
 * its session does; an asynchronous one completes at once with PENDING and the caller's eventfd
 * is written when the session ends. While sessions run the thread turns the engine in 20 ms
 * slices (engine time: replay slices are virtual) and looks at the queue between slices.
 *
 * Router managers: a session's completion is converted into the interface's autostatic set
 * (store.c, replaced atomically; kinstall.c when asked), then an UPDATE_COMPLETE message
 * {ifindex, 0x4 | 0x8, status} is queued on the transport's event queue and its notification
 * eventfd written, whoever started the update.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "src/admin/admin_impl.h"
#include "src/admin/kinstall.h"
#include "src/admin/store.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

#define NTP      3    /* transports: IP, IPv6, IPX */
#define EVQ_MAX  4096 /* queued events per transport; the oldest go first when full */
#define SLICE_NS 20000000u

/* The slot of a pid already checked (tp_index() >= 0). */
static size_t tpi(int pid)
{
	return pid == AS_PID_IPV6 ? 1 : pid == AS_PID_IPX ? 2 : 0;
}

static int tp_index(int pid)
{
	switch (pid) {
	case AS_PID_IP: return 0;
	case AS_PID_IPV6: return 1;
	case AS_PID_IPX: return 2;
	default: return -1;
	}
}

struct cmd;
struct router;

struct session {
	struct router *r;
	as_ifhandle ifh;
	int pid;
	unsigned what; /* AS_UPDATE_ROUTES | AS_UPDATE_SERVICES */
	struct as_update *u;
	int event_fd;       /* async admin caller, or -1 */
	struct cmd *waiter; /* sync admin caller, or NULL */
	bool done;
	struct session *next;
};

struct tp {
	bool enabled;
	struct as_transport_cfg cfg;
	struct session *running;
	bool have_result;
	int result; /* AS_NO_ERROR, AS_ERROR_CAN_NOT_COMPLETE, AS_PENDING */
};

struct rif {
	struct as_interface_0 info;
	uint32_t ifindex;
	struct tp tp[NTP];
};

struct evq {
	struct as_update_complete_msg m[EVQ_MAX];
	int ev[EVQ_MAX];
	size_t head, n;
	int fd;
};

struct cmd {
	void (*fn)(struct router *r, struct cmd *c);
	void *a; /* the call's arguments */
	int rc;
	bool done;
	bool deferred; /* fn left it open: a session completes it */
	struct cmd *next;
};

struct router {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int wake_fd;
	struct cmd *qhead, *qtail;
	bool stop, hold;
	bool stopping; /* the thread is ending: waiters get ROUTER_STOPPED */
	unsigned refs;
	bool shared;

	/* owned by the router thread */
	struct as_engine *e;
	bool replay;
	struct as_store *store;
	struct as_kinstall *kin;
	struct as_server_opts opts;
	char *state_dir, *replay_path, *write_path;
	struct rif *ifs;
	size_t nifs, capifs;
	as_ifhandle next_handle;
	struct session *sessions;
	char err[512];
	char err_pub[512]; /* err as of the last finished command; guarded by mu */

	struct evq evq[NTP]; /* guarded by mu */
};

/* ---------------------------------------------------------------------------------------- */
/* Commands */

static void wake(int fd)
{
	uint64_t one = 1;
	ssize_t w = write(fd, &one, sizeof one);
	(void)w; /* a full eventfd counter still wakes the reader */
}

static void cmd_finish(struct router *r, struct cmd *c, int rc)
{
	pthread_mutex_lock(&r->mu);
	memcpy(r->err_pub, r->err, sizeof r->err_pub);
	c->rc = rc;
	c->done = true;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static int post(struct router *r, void (*fn)(struct router *, struct cmd *), void *a)
{
	struct cmd c = {.fn = fn, .a = a};
	pthread_mutex_lock(&r->mu);
	if (r->stop) {
		pthread_mutex_unlock(&r->mu);
		return AS_ERROR_ROUTER_STOPPED;
	}
	if (r->qtail)
		r->qtail->next = &c;
	else
		r->qhead = &c;
	r->qtail = &c;
	pthread_mutex_unlock(&r->mu);
	wake(r->wake_fd);
	pthread_mutex_lock(&r->mu);
	while (!c.done)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
	return c.rc;
}

static void run_commands(struct router *r)
{
	for (;;) {
		pthread_mutex_lock(&r->mu);
		struct cmd *c = r->qhead;
		if (c) {
			r->qhead = c->next;
			if (!r->qhead)
				r->qtail = NULL;
		}
		pthread_mutex_unlock(&r->mu);
		if (!c)
			return;
		c->deferred = false;
		c->fn(r, c);
		if (!c->deferred)
			cmd_finish(r, c, c->rc);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Interfaces */

static struct rif *find_if(struct router *r, as_ifhandle h)
{
	if (h == AS_IFHANDLE_INVALID)
		return NULL;
	for (size_t i = 0; i < r->nifs; i++)
		if (r->ifs[i].info.handle == h)
			return &r->ifs[i];
	return NULL;
}

static struct rif *find_if_name(struct router *r, const char *name)
{
	for (size_t i = 0; i < r->nifs; i++)
		if (!strcmp(r->ifs[i].info.name, name))
			return &r->ifs[i];
	return NULL;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------------------------------- */
/* Router managers: events, completion, the store */

static void evq_push(struct router *r, int t, uint32_t ifindex, uint32_t type, uint32_t status)
{
	pthread_mutex_lock(&r->mu);
	struct evq *q = &r->evq[t];
	if (q->n == EVQ_MAX) { /* nobody reads: keep the newest */
		q->head = (q->head + 1) % EVQ_MAX;
		q->n--;
	}
	size_t i = (q->head + q->n) % EVQ_MAX;
	q->ev[i] = AS_RP_UPDATE_COMPLETE;
	q->m[i] = (struct as_update_complete_msg){ifindex, type, status};
	q->n++;
	pthread_mutex_unlock(&r->mu);
	wake(q->fd);
}

static void install(struct router *r, struct rif *f, int pid, const struct as_rtable *routes)
{
	struct tp *tp = &f->tp[tpi(pid)];
	if (!r->kin || !tp->cfg.install || pid == AS_PID_IPX || !f->ifindex || r->replay)
		return;
	struct as_kinstall_stats st;
	char err[256] = "";
	if (as_kinstall_replace(r->kin, (int)f->ifindex, pid == AS_PID_IP ? 4 : 6, routes, &st, err,
	                        sizeof err))
		snprintf(r->err, sizeof r->err, "%.15s: kernel routes: %.300s (%zu failed)",
		         f->info.name, err, st.failed);
}

/* Ends a session: result, store, events, waiters. status overrides the session's (cancel). */
static void session_end(struct router *r, struct session *s, bool cancelled)
{
	struct rif *f = find_if(r, s->ifh);
	size_t t = tpi(s->pid);
	int status = AS_ERROR_CAN_NOT_COMPLETE;
	if (!cancelled && s->u) {
		const struct as_update_result *res = as_update_result(s->u);
		status = res->status;
		if (status == AS_NO_ERROR && f) {
			bool ipx = s->pid == AS_PID_IPX;
			const struct as_rtable *rt =
			    !ipx || (s->what & AS_UPDATE_ROUTES) ? &res->routes : NULL;
			const struct as_svctable *sv =
			    ipx && (s->what & AS_UPDATE_SERVICES) ? &res->services : NULL;
			bool inst = r->kin && f->tp[t].cfg.install && !ipx;
			if (as_store_replace(r->store, f->info.name, s->pid, rt, sv, wall_ns(),
			                     inst)) {
				snprintf(r->err, sizeof r->err, "%.15s: route store: %.400s",
				         f->info.name, r->store->err);
				status = AS_ERROR_CAN_NOT_COMPLETE;
			} else if (rt) {
				install(r, f, s->pid, rt);
			}
		}
	}
	if (f && f->tp[t].running == s) {
		f->tp[t].running = NULL;
		if (!cancelled) {
			f->tp[t].have_result = true;
			f->tp[t].result = status;
		}
	}
	uint32_t ifindex = f ? f->ifindex : 0;
	if (s->what & AS_UPDATE_ROUTES)
		evq_push(r, (int)t, ifindex, AS_RF_DEMAND_UPDATE_ROUTES, (uint32_t)status);
	if (s->what & AS_UPDATE_SERVICES)
		evq_push(r, (int)t, ifindex, AS_DEMAND_UPDATE_SERVICES, (uint32_t)status);
	if (s->event_fd >= 0)
		wake(s->event_fd);
	if (s->waiter)
		cmd_finish(r, s->waiter, r->stopping ? AS_ERROR_ROUTER_STOPPED : status);
	s->waiter = NULL;
	s->done = true;
}

static void on_done(struct as_update *u, void *arg)
{
	(void)u;
	struct session *s = arg;
	session_end(s->r, s, false);
}

/* Frees the sessions that ended (never inside the engine's callbacks). */
static void reap(struct router *r)
{
	struct session **pp = &r->sessions;
	while (*pp) {
		struct session *s = *pp;
		if (s->done) {
			*pp = s->next;
			if (s->u)
				as_update_free(s->u);
			free(s);
		} else {
			pp = &s->next;
		}
	}
}

static void cancel_sessions(struct router *r, struct rif *f)
{
	for (struct session *s = r->sessions; s; s = s->next)
		if (!s->done && (!f || s->ifh == f->info.handle))
			session_end(r, s, true);
}

static void tp_to_update_cfg(const struct rif *f, int pid, const struct as_transport_cfg *tc,
                             unsigned what, struct as_update_cfg *cfg)
{
	as_update_cfg_defaults(cfg);
	cfg->ifname = f->info.name;
	cfg->pid = pid;
	cfg->mode = tc->mode == 1 ? AS_MODE_TRIGGERED : AS_MODE_REQUEST;
	if (tc->rip_version)
		cfg->rip_version = tc->rip_version;
	cfg->have_neighbour = tc->have_neighbour;
	memcpy(cfg->neighbour, tc->neighbour, sizeof cfg->neighbour);
	cfg->key = tc->key;
	if (tc->timeout > 0)
		cfg->timeout = tc->timeout;
	if (tc->retries)
		cfg->retries = tc->retries;
	if (tc->retransmit > 0)
		cfg->retransmit = tc->retransmit;
	if (tc->quiet_ms)
		cfg->quiet_ms = tc->quiet_ms;
	cfg->what = pid == AS_PID_IPX ? what : 0;
	cfg->ipx_frame = tc->ipx_frame;
	cfg->have_ipx_network = tc->have_ipx_network;
	cfg->ipx_network = tc->ipx_network;
}

/* Starts a session on (f, pid). Returns the start status; *out the session. */
static int session_start(struct router *r, struct rif *f, int pid, unsigned what, int event_fd,
                         struct session **out)
{
	struct tp *tp = &f->tp[tpi(pid)];
	struct session *s = calloc(1, sizeof *s);
	if (!s)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	*s = (struct session){
	    .r = r, .ifh = f->info.handle, .pid = pid, .what = what, .event_fd = event_fd};
	struct as_update_cfg cfg;
	tp_to_update_cfg(f, pid, &tp->cfg, what, &cfg);
	int rc = as_update_start(r->e, &cfg, on_done, s, &s->u);
	if (rc != AS_NO_ERROR) {
		snprintf(r->err, sizeof r->err, "%.15s: %.400s", f->info.name,
		         as_update_start_error());
		free(s);
		return rc;
	}
	s->next = r->sessions;
	r->sessions = s;
	tp->running = s;
	tp->have_result = true;
	tp->result = AS_PENDING;
	*out = s;
	return AS_NO_ERROR;
}

static bool any_running(struct router *r)
{
	for (struct session *s = r->sessions; s; s = s->next)
		if (!s->done)
			return true;
	return false;
}

/* ---------------------------------------------------------------------------------------- */
/* The thread */

static void *router_main(void *arg)
{
	struct router *r = arg;
	for (;;) {
		run_commands(r);
		reap(r);
		pthread_mutex_lock(&r->mu);
		bool stop = r->stop && !r->qhead, hold = r->hold;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		if (any_running(r) && !hold) {
			uint64_t now = as_engine_now(r->e);
			int rc = as_engine_run(r->e, now + SLICE_NS);
			if (rc != AS_NO_ERROR) {
				snprintf(r->err, sizeof r->err, "engine: %.400s",
				         as_engine_error(r->e));
				/* The I/O failed: do not spin; the sessions' timeouts still end
				 * them. */
				struct pollfd p = {.fd = r->wake_fd, .events = POLLIN};
				poll(&p, 1, 20);
			}
			reap(r);
			uint64_t v;
			if (read(r->wake_fd, &v, sizeof v) < 0 && errno != EAGAIN)
				break;
			continue;
		}
		struct pollfd p = {.fd = r->wake_fd, .events = POLLIN};
		if (poll(&p, 1, 1000) > 0) {
			uint64_t v;
			if (read(r->wake_fd, &v, sizeof v) < 0 && errno != EAGAIN)
				break;
		}
	}
	r->stopping = true;
	cancel_sessions(r, NULL);
	reap(r);
	return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Commands of the admin calls */

static struct router *R(as_server *srv)
{
	return srv->impl;
}

struct a_create {
	const struct as_interface_0 *if0;
	as_ifhandle *out;
};

static bool valid_ifname(const char *n)
{
	size_t len = strnlen(n, AS_IF_NAME_MAX + 1);
	if (!len || len >= IF_NAMESIZE || !strcmp(n, ".") || !strcmp(n, ".."))
		return false;
	for (size_t i = 0; i < len; i++)
		if (n[i] == '/' || n[i] == ':' || (unsigned char)n[i] <= ' ' || n[i] == 0x7f)
			return false;
	return true;
}

static void c_create(struct router *r, struct cmd *c)
{
	struct a_create *a = c->a;
	const struct as_interface_0 *in = a->if0;
	if (!valid_ifname(in->name) || in->type < AS_IF_TYPE_CLIENT ||
	    in->type > AS_IF_TYPE_DIALOUT) {
		c->rc = AS_ERROR_INVALID_PARAMETER;
		return;
	}
	if (find_if_name(r, in->name)) {
		c->rc = AS_ERROR_INTERFACE_ALREADY_EXISTS;
		return;
	}
	if (r->nifs == r->capifs) {
		size_t cap = r->capifs ? r->capifs * 2 : 8;
		struct rif *n = realloc(r->ifs, cap * sizeof *n);
		if (!n) {
			c->rc = AS_ERROR_NOT_ENOUGH_MEMORY;
			return;
		}
		r->ifs = n;
		r->capifs = cap;
	}
	struct rif *f = &r->ifs[r->nifs++];
	memset(f, 0, sizeof *f);
	snprintf(f->info.name, sizeof f->info.name, "%s", in->name);
	f->info.handle = ++r->next_handle;
	f->info.enabled = in->enabled;
	f->info.type = in->type;
	f->info.state = AS_IF_DISCONNECTED;
	if (a->out)
		*a->out = f->info.handle;
	c->rc = AS_NO_ERROR;
}

static int l_create(as_server *srv, const struct as_interface_0 *if0, as_ifhandle *out)
{
	if (!if0)
		return AS_ERROR_INVALID_PARAMETER;
	struct a_create a = {if0, out};
	return post(R(srv), c_create, &a);
}

struct a_if {
	as_ifhandle ifh;
	int pid;
	int fd;
	const char *name;
	as_ifhandle *hout;
	struct as_interface_0 *info;
	const struct as_transport_cfg *tcfg;
	int *result;
	struct as_admin_set_info *set;
	void *out;
	size_t max, *count, *total;
	uint32_t *resume;
	bool services;
	unsigned what;
	uint32_t ifindex;
};

static void c_delete(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if(r, a->ifh);
	if (!f) {
		c->rc = AS_ERROR_INVALID_HANDLE;
		return;
	}
	cancel_sessions(r, f);
	static const int pids[NTP] = {AS_PID_IP, AS_PID_IPV6, AS_PID_IPX};
	for (int t = 0; t < NTP; t++) {
		if (pids[t] != AS_PID_IPX && f->tp[t].cfg.install)
			install(r, f, pids[t], NULL);
		as_store_remove(r->store, f->info.name, pids[t]);
	}
	size_t i = (size_t)(f - r->ifs);
	memmove(&r->ifs[i], &r->ifs[i + 1], (r->nifs - i - 1) * sizeof *r->ifs);
	r->nifs--;
	c->rc = AS_NO_ERROR;
}

static int l_delete(as_server *srv, as_ifhandle ifh)
{
	struct a_if a = {.ifh = ifh};
	return post(R(srv), c_delete, &a);
}

static void c_get_handle(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if_name(r, a->name);
	if (!f) {
		c->rc = AS_ERROR_NO_SUCH_INTERFACE;
		return;
	}
	*a->hout = f->info.handle;
	c->rc = AS_NO_ERROR;
}

static int l_get_handle(as_server *srv, const char *name, as_ifhandle *out)
{
	if (!name || !out)
		return AS_ERROR_INVALID_PARAMETER;
	struct a_if a = {.name = name, .hout = out};
	return post(R(srv), c_get_handle, &a);
}

static void c_get_info(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if(r, a->ifh);
	if (!f) {
		c->rc = AS_ERROR_INVALID_HANDLE;
		return;
	}
	*a->info = f->info;
	c->rc = AS_NO_ERROR;
}

static int l_get_info(as_server *srv, as_ifhandle ifh, struct as_interface_0 *out)
{
	if (!out)
		return AS_ERROR_INVALID_PARAMETER;
	struct a_if a = {.ifh = ifh, .info = out};
	return post(R(srv), c_get_info, &a);
}

static void c_enum(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct as_interface_0 *out = a->out;
	/* Handles grow in creation order: the resume handle is the last handle returned. */
	size_t first = 0;
	while (first < r->nifs && r->ifs[first].info.handle <= *a->resume)
		first++;
	size_t remain = r->nifs - first, n = remain < a->max ? remain : a->max;
	for (size_t i = 0; i < n; i++)
		out[i] = r->ifs[first + i].info;
	if (n)
		*a->resume = r->ifs[first + n - 1].info.handle;
	*a->count = n;
	if (a->total)
		*a->total = remain;
	c->rc = n < remain ? AS_ERROR_MORE_DATA : AS_NO_ERROR;
}

static int l_enum(as_server *srv, struct as_interface_0 *out, size_t max, size_t *count,
                  size_t *total, uint32_t *resume)
{
	if ((!out && max) || !count || !resume)
		return AS_ERROR_INVALID_PARAMETER;
	struct a_if a = {.out = out, .max = max, .count = count, .total = total, .resume = resume};
	return post(R(srv), c_enum, &a);
}

static void c_connect(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if(r, a->ifh);
	if (!f) {
		c->rc = AS_ERROR_INVALID_HANDLE;
		return;
	}
	if (f->info.state == AS_IF_CONNECTED) {
		c->rc = AS_NO_ERROR;
		return;
	}
	struct as_iface_info ii;
	int rc = as_iface_query(r->e, f->info.name, &ii);
	f->info.unreachability = 0;
	if (!f->info.enabled)
		f->info.unreachability |= AS_IF_UNREACH_ADMIN_DISABLED;
	if (rc != AS_NO_ERROR || !ii.up)
		f->info.unreachability |= AS_IF_UNREACH_CONNECTION_FAILURE;
	else if (!ii.running)
		f->info.unreachability |= AS_IF_UNREACH_NO_MEDIA_SENSE;
	if (f->info.unreachability) {
		f->info.state = AS_IF_UNREACHABLE;
		f->info.last_error = AS_ERROR_INTERFACE_NOT_CONNECTED;
		c->rc = AS_ERROR_INTERFACE_NOT_CONNECTED;
		return;
	}
	f->info.state = AS_IF_CONNECTED;
	f->info.last_error = 0;
	f->ifindex = r->replay ? f->info.handle : (uint32_t)ii.ifindex;
	for (int t = 0; t < NTP; t++)
		f->tp[t].have_result = false;
	/* Stored routes are static routes: put them back in the kernel when we own it. */
	static const int pids[2] = {AS_PID_IP, AS_PID_IPV6};
	for (int t = 0; t < 2; t++) {
		const struct as_store_set *st = as_store_find(r->store, f->info.name, pids[t]);
		if (st && st->installed)
			install(r, f, pids[t], &st->routes);
	}
	c->rc = AS_NO_ERROR;
}

static int l_connect(as_server *srv, as_ifhandle ifh)
{
	struct a_if a = {.ifh = ifh};
	return post(R(srv), c_connect, &a);
}

static void c_disconnect(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if(r, a->ifh);
	if (!f) {
		c->rc = AS_ERROR_INVALID_HANDLE;
		return;
	}
	if (f->info.state != AS_IF_CONNECTED) {
		c->rc = AS_ERROR_INTERFACE_NOT_CONNECTED;
		return;
	}
	cancel_sessions(r, f);
	f->info.state = AS_IF_DISCONNECTED;
	for (int t = 0; t < NTP; t++)
		f->tp[t].have_result = false;
	c->rc = AS_NO_ERROR;
}

static int l_disconnect(as_server *srv, as_ifhandle ifh)
{
	struct a_if a = {.ifh = ifh};
	return post(R(srv), c_disconnect, &a);
}

static bool valid_tcfg(int pid, const struct as_transport_cfg *t)
{
	if (t->mode < 0 || t->mode > 1 || t->timeout < 0 || t->retransmit < 0)
		return false;
	if (pid == AS_PID_IP && t->rip_version != 0 && t->rip_version != 1 && t->rip_version != 2)
		return false;
	if (t->ipx_frame < 0 || t->ipx_frame > 3 || t->key.len > sizeof t->key.secret)
		return false;
	return true;
}

static void c_transport_add(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if(r, a->ifh);
	int t = tp_index(a->pid);
	if (!f) {
		c->rc = AS_ERROR_INVALID_HANDLE;
		return;
	}
	if (t < 0) {
		c->rc = AS_ERROR_UNKNOWN_PROTOCOL_ID;
		return;
	}
	struct as_transport_cfg def;
	as_transport_cfg_defaults(&def);
	const struct as_transport_cfg *cfg = a->tcfg ? a->tcfg : &def;
	if (!valid_tcfg(a->pid, cfg)) {
		c->rc = AS_ERROR_INVALID_PARAMETER;
		return;
	}
	if (f->tp[t].running) {
		c->rc = AS_ERROR_UPDATE_IN_PROGRESS;
		return;
	}
	f->tp[t].enabled = true;
	f->tp[t].cfg = *cfg;
	c->rc = AS_NO_ERROR;
}

static int l_transport_add(as_server *srv, as_ifhandle ifh, int pid,
                           const struct as_transport_cfg *cfg)
{
	struct a_if a = {.ifh = ifh, .pid = pid, .tcfg = cfg};
	return post(R(srv), c_transport_add, &a);
}

/* The common precedence: handle, pid, transport enabled. Returns the interface or NULL. */
static struct rif *check3(struct router *r, struct cmd *c, as_ifhandle ifh, int pid,
                          bool need_enabled)
{
	struct rif *f = find_if(r, ifh);
	if (!f) {
		c->rc = AS_ERROR_INVALID_HANDLE;
		return NULL;
	}
	int t = tp_index(pid);
	if (t < 0) {
		c->rc = AS_ERROR_UNKNOWN_PROTOCOL_ID;
		return NULL;
	}
	if (need_enabled && !f->tp[t].enabled) {
		c->rc = AS_ERROR_NO_SUCH_INTERFACE;
		return NULL;
	}
	return f;
}

static void c_transport_remove(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = check3(r, c, a->ifh, a->pid, true);
	if (!f)
		return;
	struct tp *tp = &f->tp[tpi(a->pid)];
	if (tp->running) {
		c->rc = AS_ERROR_UPDATE_IN_PROGRESS;
		return;
	}
	tp->enabled = false;
	tp->have_result = false;
	c->rc = AS_NO_ERROR;
}

static int l_transport_remove(as_server *srv, as_ifhandle ifh, int pid)
{
	struct a_if a = {.ifh = ifh, .pid = pid};
	return post(R(srv), c_transport_remove, &a);
}

static void c_update(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = check3(r, c, a->ifh, a->pid, true);
	if (!f)
		return;
	struct tp *tp = &f->tp[tpi(a->pid)];
	if (f->info.state != AS_IF_CONNECTED) {
		c->rc = AS_ERROR_INTERFACE_NOT_CONNECTED;
		return;
	}
	if (tp->running) {
		c->rc = AS_ERROR_UPDATE_IN_PROGRESS;
		return;
	}
	unsigned what =
	    a->pid == AS_PID_IPX ? AS_UPDATE_ROUTES | AS_UPDATE_SERVICES : AS_UPDATE_ROUTES;
	struct session *s;
	int rc = session_start(r, f, a->pid, what, a->fd, &s);
	if (rc != AS_NO_ERROR) {
		if (rc == AS_ERROR_INTERFACE_NOT_CONNECTED) {
			f->info.state = AS_IF_UNREACHABLE;
			f->info.unreachability |= AS_IF_UNREACH_CONNECTION_FAILURE;
			for (int t = 0; t < NTP; t++)
				f->tp[t].have_result = false;
		}
		/* A configuration the module refuses is the update that cannot be done; the
		 * admin call's INVALID_PARAMETER means something else (a remote event fd). */
		if (rc == AS_ERROR_INVALID_PARAMETER || rc == AS_ERROR_UNKNOWN_PROTOCOL_ID)
			rc = AS_ERROR_CAN_NOT_COMPLETE;
		c->rc = rc;
		return;
	}
	if (a->fd >= 0) {
		c->rc = AS_PENDING;
		return;
	}
	s->waiter = c;
	c->deferred = true;
}

static int l_update(as_server *srv, as_ifhandle ifh, int pid, int event_fd)
{
	struct a_if a = {.ifh = ifh, .pid = pid, .fd = event_fd < 0 ? -1 : event_fd};
	return post(R(srv), c_update, &a);
}

static void c_query(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = check3(r, c, a->ifh, a->pid, true);
	if (!f)
		return;
	struct tp *tp = &f->tp[tpi(a->pid)];
	if (f->info.state != AS_IF_CONNECTED) {
		c->rc = AS_ERROR_INTERFACE_NOT_CONNECTED;
		return;
	}
	if (!a->result) {
		c->rc = AS_ERROR_INVALID_PARAMETER;
		return;
	}
	if (!tp->have_result) {
		c->rc = AS_ERROR_NO_MORE_ITEMS;
		return;
	}
	*a->result = tp->result;
	c->rc = AS_NO_ERROR;
}

static int l_query(as_server *srv, as_ifhandle ifh, int pid, int *result)
{
	struct a_if a = {.ifh = ifh, .pid = pid, .result = result};
	return post(R(srv), c_query, &a);
}

static void c_set_info(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = check3(r, c, a->ifh, a->pid, false);
	if (!f)
		return;
	if (!a->set) {
		c->rc = AS_ERROR_INVALID_PARAMETER;
		return;
	}
	memset(a->set, 0, sizeof *a->set);
	const struct as_store_set *st = as_store_find(r->store, f->info.name, a->pid);
	if (st) {
		a->set->routes = st->routes.n;
		a->set->services = st->services.n;
		a->set->generation = st->gen;
		a->set->updated_ns = st->updated_ns;
		a->set->installed = st->installed;
	}
	c->rc = AS_NO_ERROR;
}

static int l_set_info(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_set_info *out)
{
	struct a_if a = {.ifh = ifh, .pid = pid, .set = out};
	return post(R(srv), c_set_info, &a);
}

static void c_list(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = check3(r, c, a->ifh, a->pid, false);
	if (!f)
		return;
	if (a->services && a->pid != AS_PID_IPX) {
		c->rc = AS_ERROR_UNKNOWN_PROTOCOL_ID;
		return;
	}
	if ((!a->out && a->max) || !a->count || !a->resume) {
		c->rc = AS_ERROR_INVALID_PARAMETER;
		return;
	}
	const struct as_store_set *st = as_store_find(r->store, f->info.name, a->pid);
	size_t have = !st ? 0 : a->services ? st->services.n : st->routes.n;
	size_t first = *a->resume < have ? *a->resume : have;
	size_t remain = have - first, n = remain < a->max ? remain : a->max;
	for (size_t i = 0; i < n; i++) {
		if (a->services) {
			const struct as_service *s = &st->services.s[first + i];
			struct as_admin_service *o = (struct as_admin_service *)a->out + i;
			memset(o, 0, sizeof *o);
			o->type = s->type;
			o->hops = s->hops;
			snprintf(o->name, sizeof o->name, "%s", s->name);
			o->network = s->network;
			memcpy(o->node, s->node, 6);
			o->socket = s->socket;
		} else {
			const struct as_route *rt = &st->routes.r[first + i];
			struct as_admin_route *o = (struct as_admin_route *)a->out + i;
			o->family = rt->family;
			o->plen = rt->plen;
			o->tag = rt->tag;
			o->metric = rt->metric;
			memcpy(o->prefix, rt->prefix, 16);
			memcpy(o->next_hop, rt->next_hop, 16);
		}
	}
	*a->resume = (uint32_t)(first + n);
	*a->count = n;
	if (a->total)
		*a->total = remain;
	c->rc = n < remain ? AS_ERROR_MORE_DATA : AS_NO_ERROR;
}

static int l_routes_enum(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_route *out,
                         size_t max, size_t *count, size_t *total, uint32_t *resume)
{
	struct a_if a = {.ifh = ifh,
	                 .pid = pid,
	                 .out = out,
	                 .max = max,
	                 .count = count,
	                 .total = total,
	                 .resume = resume};
	return post(R(srv), c_list, &a);
}

static int l_services_enum(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_service *out,
                           size_t max, size_t *count, size_t *total, uint32_t *resume)
{
	struct a_if a = {.ifh = ifh,
	                 .pid = pid,
	                 .out = out,
	                 .max = max,
	                 .count = count,
	                 .total = total,
	                 .resume = resume,
	                 .services = true};
	return post(R(srv), c_list, &a);
}

static void c_clear(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = check3(r, c, a->ifh, a->pid, false);
	if (!f)
		return;
	if (f->tp[tpi(a->pid)].running) {
		c->rc = AS_ERROR_UPDATE_IN_PROGRESS;
		return;
	}
	if (as_store_remove(r->store, f->info.name, a->pid)) {
		snprintf(r->err, sizeof r->err, "route store: %.400s", r->store->err);
		c->rc = AS_ERROR_CAN_NOT_COMPLETE;
		return;
	}
	if (a->pid != AS_PID_IPX)
		install(r, f, a->pid, NULL);
	c->rc = AS_NO_ERROR;
}

static int l_clear(as_server *srv, as_ifhandle ifh, int pid)
{
	struct a_if a = {.ifh = ifh, .pid = pid};
	return post(R(srv), c_clear, &a);
}

/* ---------------------------------------------------------------------------------------- */
/* Routing-protocol layer */

static void c_rp_update(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	int t = tp_index(a->pid);
	struct rif *f = NULL;
	for (size_t i = 0; i < r->nifs && !f; i++)
		if (r->ifs[i].ifindex == a->ifindex && r->ifs[i].ifindex && r->ifs[i].tp[t].enabled)
			f = &r->ifs[i];
	if (!f) {
		c->rc = AS_ERROR_INVALID_PARAMETER;
		return;
	}
	if (f->info.state != AS_IF_CONNECTED || f->tp[t].running) {
		c->rc = AS_ERROR_CAN_NOT_COMPLETE;
		return;
	}
	struct session *s;
	int rc = session_start(r, f, a->pid, a->what, -1, &s);
	c->rc = rc == AS_NO_ERROR ? AS_NO_ERROR : AS_ERROR_CAN_NOT_COMPLETE;
}

int as_router_rp_do_update(as_server *srv, int pid, uint32_t ifindex, unsigned what)
{
	if (tp_index(pid) < 0)
		return AS_ERROR_UNKNOWN_PROTOCOL_ID;
	struct a_if a = {.pid = pid, .ifindex = ifindex, .what = what};
	return post(R(srv), c_rp_update, &a);
}

int as_router_rp_get_event(as_server *srv, int pid, int *event, struct as_update_complete_msg *msg)
{
	int t = tp_index(pid);
	if (t < 0)
		return AS_ERROR_UNKNOWN_PROTOCOL_ID;
	if (!event)
		return AS_ERROR_INVALID_PARAMETER;
	struct router *r = R(srv);
	pthread_mutex_lock(&r->mu);
	struct evq *q = &r->evq[t];
	int rc = AS_ERROR_NO_MORE_ITEMS;
	if (q->n) {
		*event = q->ev[q->head];
		if (msg)
			*msg = q->m[q->head];
		q->head = (q->head + 1) % EVQ_MAX;
		q->n--;
		rc = AS_NO_ERROR;
	}
	pthread_mutex_unlock(&r->mu);
	return rc;
}

int as_router_rp_fd(as_server *srv, int pid)
{
	int t = tp_index(pid);
	return t < 0 ? -1 : R(srv)->evq[t].fd;
}

/* ---------------------------------------------------------------------------------------- */
/* Life cycle */

static void c_nop(struct router *r, struct cmd *c)
{
	(void)r;
	c->rc = AS_NO_ERROR;
}

void as_router_test_hold(as_server *srv, bool hold)
{
	struct router *r = R(srv);
	pthread_mutex_lock(&r->mu);
	r->hold = hold;
	pthread_mutex_unlock(&r->mu);
	/* A round trip: the thread has seen the flag when this returns. */
	post(r, c_nop, NULL);
}

static void c_ifindex(struct router *r, struct cmd *c)
{
	struct a_if *a = c->a;
	struct rif *f = find_if(r, a->ifh);
	a->ifindex = f ? f->ifindex : 0;
	c->rc = AS_NO_ERROR;
}

uint32_t as_router_test_ifindex(as_server *srv, as_ifhandle ifh)
{
	struct a_if a = {.ifh = ifh};
	post(R(srv), c_ifindex, &a);
	return a.ifindex;
}

static void router_free(struct router *r)
{
	if (!r)
		return;
	for (int t = 0; t < NTP; t++)
		if (r->evq[t].fd >= 0)
			close(r->evq[t].fd);
	if (r->wake_fd >= 0)
		close(r->wake_fd);
	if (r->e)
		as_engine_free(r->e);
	as_store_close(r->store);
	as_kinstall_close(r->kin);
	free(r->ifs);
	free(r->state_dir);
	free(r->replay_path);
	free(r->write_path);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	free(r);
}

static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static struct router *shared_router;

static void router_unref(struct router *r)
{
	pthread_mutex_lock(&shared_mu);
	bool last = --r->refs == 0;
	if (last && r == shared_router)
		shared_router = NULL;
	pthread_mutex_unlock(&shared_mu);
	if (!last)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = true;
	pthread_mutex_unlock(&r->mu);
	wake(r->wake_fd);
	pthread_join(r->thread, NULL);
	router_free(r);
}

static void l_disconnect_srv(as_server *srv)
{
	router_unref(R(srv));
	free(srv);
}

static const struct as_server_ops local_ops = {
    .disconnect = l_disconnect_srv,
    .interface_create = l_create,
    .interface_delete = l_delete,
    .interface_get_handle = l_get_handle,
    .interface_get_info = l_get_info,
    .interface_enum = l_enum,
    .interface_connect = l_connect,
    .interface_disconnect = l_disconnect,
    .transport_add = l_transport_add,
    .transport_remove = l_transport_remove,
    .update_routes = l_update,
    .query_update_result = l_query,
    .set_info = l_set_info,
    .routes_enum = l_routes_enum,
    .services_enum = l_services_enum,
    .routes_clear = l_clear,
};

bool as_router_is_local(const as_server *srv)
{
	return srv && srv->ops == &local_ops;
}

static char *dup_opt(const char *s, bool *fail)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*fail = true;
	return d;
}

static int router_new(const struct as_server_opts *o, struct router **out, char *err, size_t errlen)
{
	*out = NULL;
	if (o->backend < AS_SERVER_BACKEND_AFPACKET || o->backend > AS_SERVER_BACKEND_REPLAY ||
	    (o->backend == AS_SERVER_BACKEND_REPLAY && !o->replay_path) || o->rt_protocol < 0 ||
	    o->rt_protocol > 255) {
		snprintf(err, errlen, "invalid router options");
		return AS_ERROR_INVALID_PARAMETER;
	}
	struct router *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->wake_fd = -1;
	for (int t = 0; t < NTP; t++)
		r->evq[t].fd = -1;
	bool fail = false;
	r->opts = *o;
	r->opts.state_dir = r->state_dir = dup_opt(o->state_dir, &fail);
	r->opts.replay_path = r->replay_path = dup_opt(o->replay_path, &fail);
	r->opts.write_path = r->write_path = dup_opt(o->write_path, &fail);
	if (!r->opts.rt_protocol)
		r->opts.rt_protocol = AS_RTPROT_AUTOSTATIC;
	r->replay = o->backend == AS_SERVER_BACKEND_REPLAY;
	r->refs = 1;
	r->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	for (int t = 0; t < NTP; t++)
		r->evq[t].fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fail || r->wake_fd < 0 || r->evq[0].fd < 0 || r->evq[1].fd < 0 || r->evq[2].fd < 0) {
		snprintf(err, errlen, "%s", fail ? "out of memory" : strerror(errno));
		router_free(r);
		return fail ? AS_ERROR_NOT_ENOUGH_MEMORY : AS_ERROR_CAN_NOT_COMPLETE;
	}
	if (as_store_open(r->state_dir, &r->store, err, errlen)) {
		router_free(r);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	if (r->store->corrupt)
		snprintf(r->err, sizeof r->err, "route store: %.400s", r->store->err);
	if (o->install && !r->replay &&
	    as_kinstall_open(r->opts.rt_protocol, o->rt_table, &r->kin, err, errlen)) {
		router_free(r);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	struct as_engine_cfg ec = {.backend = (enum as_backend)o->backend,
	                           .replay_path = r->replay_path,
	                           .write_path = r->write_path};
	int rc = as_engine_new(&ec, &r->e, err, errlen);
	if (rc != AS_NO_ERROR || !r->e) {
		r->e = NULL;
		router_free(r);
		return rc != AS_NO_ERROR ? rc : AS_ERROR_CAN_NOT_COMPLETE;
	}
	if (pthread_create(&r->thread, NULL, router_main, r)) {
		snprintf(err, errlen, "pthread_create failed");
		router_free(r);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	*out = r;
	return AS_NO_ERROR;
}

static int wrap(struct router *r, as_server **out)
{
	as_server *srv = as_server_alloc(&local_ops, r, false);
	if (!srv) {
		router_unref(r);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	if (r->err[0])
		snprintf(srv->err, sizeof srv->err, "%.255s", r->err);
	*out = srv;
	return AS_NO_ERROR;
}

int as_router_connect(const struct as_server_opts *opts, as_server **out, char *err, size_t errlen)
{
	struct router *r;
	int rc = router_new(opts, &r, err, errlen);
	if (rc != AS_NO_ERROR)
		return rc;
	return wrap(r, out);
}

int as_router_connect_shared(as_server **out, char *err, size_t errlen)
{
	pthread_mutex_lock(&shared_mu);
	struct router *r = shared_router;
	if (r) {
		r->refs++;
	} else {
		struct as_server_opts o = {.state_dir = getenv("AUTOSTATIC_STATE_DIR")};
		if (o.state_dir && !o.state_dir[0])
			o.state_dir = NULL;
		int rc = router_new(&o, &r, err, errlen);
		if (rc != AS_NO_ERROR) {
			pthread_mutex_unlock(&shared_mu);
			return rc;
		}
		r->shared = true;
		shared_router = r;
	}
	pthread_mutex_unlock(&shared_mu);
	return wrap(r, out);
}

void as_router_error(as_server *srv)
{
	struct router *r = R(srv);
	pthread_mutex_lock(&r->mu);
	snprintf(srv->err, sizeof srv->err, "%.255s", r->err_pub);
	pthread_mutex_unlock(&r->mu);
}
