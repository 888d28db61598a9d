/* log.c - the daemon's log: stderr or syslog, rate-limited per message format so that a flood
 * of bad packets or clients cannot flood the log (STYLE.md: rate-limited log lines).
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "src/daemon/daemon.h"

#define SLOTS 64

static bool to_syslog;
static unsigned per_sec = 10;
static struct {
	const char *fmt;
	time_t sec;
	unsigned n;
	unsigned dropped;
} slots[SLOTS];

void as_log_init(bool use_syslog, unsigned rate)
{
	to_syslog = use_syslog;
	per_sec = rate;
	if (use_syslog)
		openlog("autostaticd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void emit(int prio, const char *msg)
{
	if (to_syslog) {
		syslog(prio, "%s", msg);
		return;
	}
	static const char *const names[] = {"emerg",   "alert",  "crit", "error",
	                                    "warning", "notice", "info", "debug"};
	fprintf(stderr, "autostaticd: %s: %s\n", names[prio & 7], msg);
}

void as_log(int prio, const char *fmt, ...)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	size_t h = ((uintptr_t)fmt >> 3) % SLOTS;
	if (per_sec) {
		if (slots[h].fmt != fmt || slots[h].sec != ts.tv_sec) {
			if (slots[h].dropped) {
				char m[96];
				snprintf(m, sizeof m,
				         "%u messages like the next one were suppressed",
				         slots[h].dropped);
				emit(LOG_WARNING, m);
			}
			slots[h].fmt = fmt;
			slots[h].sec = ts.tv_sec;
			slots[h].n = 0;
			slots[h].dropped = 0;
		}
		if (++slots[h].n > per_sec) {
			slots[h].dropped++;
			return;
		}
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	emit(prio, msg);
}
