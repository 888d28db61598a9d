/* progress.c - the progress line of long commands (progress.h): a terminal-only status line on
 * standard error, rewritten with '\r' and erased with the ANSI "erase in line" control (ECMA-48
 * EL, CSI K) at the end.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/cli/progress.h"

#define PROGRESS_PERIOD_NS 200000000ull /* at most 5 redraws a second */
#define PROGRESS_WIDTH 79               /* never wrap on an 80-column terminal */

static struct {
	bool quiet, running, shown, drawn;
	const char *label, *unit, *item_unit;
	uint64_t total, done, items;
	uint64_t t0, last;
} pg;

static uint64_t now_ns(void)
{
	struct timespec ts;
	/* The coarse clock is enough for 0.2 s steps and costs no system call. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* 1234 -> "1234", 12345 -> "12.3k", 4567890 -> "4.57M": short enough for one line. */
static void human(char *buf, size_t len, double v)
{
	static const char *const sfx[] = {"", "k", "M", "G", "T"};
	unsigned i = 0;
	if (v < 10000) {
		snprintf(buf, len, "%.0f", v);
		return;
	}
	while (v >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	snprintf(buf, len, v < 10 ? "%.2f%s" : v < 100 ? "%.1f%s" : "%.0f%s", v, sfx[i]);
}

void as_progress_quiet(bool quiet)
{
	pg.quiet = quiet;
}

void as_progress_label(const char *label)
{
	pg.label = label;
}

void as_progress_start(uint64_t total, const char *unit)
{
	pg.running = true;
	pg.shown = !pg.quiet && isatty(STDERR_FILENO);
	pg.drawn = false;
	pg.total = total;
	pg.unit = unit ? unit : "";
	pg.item_unit = NULL;
	pg.done = pg.items = 0;
	pg.t0 = now_ns();
	/* The first line after one period: a job that ends sooner never flashes a line. */
	pg.last = pg.t0;
}

bool as_progress_shown(void)
{
	return pg.running && pg.shown;
}

bool as_progress_due(void)
{
	return pg.running && pg.shown && now_ns() - pg.last >= PROGRESS_PERIOD_NS;
}

static void draw(uint64_t t)
{
	char line[256], a[16], b[16], r[16];
	double el = (double)(t - pg.t0) / 1e9;
	const char *rate_unit = pg.item_unit ? pg.item_unit : pg.unit;
	double count = (double)(pg.item_unit ? pg.items : pg.done);
	size_t n = 0;

	if (pg.label)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s: ", pg.label);
	human(a, sizeof a, (double)pg.done);
	if (pg.total) {
		human(b, sizeof b, (double)pg.total);
		double f = (double)pg.done / (double)pg.total;
		n += (size_t)snprintf(line + n, sizeof line - n, "%s/%s %s (%.0f%%)", a, b, pg.unit,
				      f > 1 ? 100.0 : f * 100);
	} else {
		n += (size_t)snprintf(line + n, sizeof line - n, "%s %s", a, pg.unit);
	}
	if (pg.item_unit && n < sizeof line) {
		human(a, sizeof a, (double)pg.items);
		n += (size_t)snprintf(line + n, sizeof line - n, ", %s %s", a, pg.item_unit);
	}
	if (el > 0 && n < sizeof line) {
		human(r, sizeof r, count / el);
		n += (size_t)snprintf(line + n, sizeof line - n, ", %s %s/s", r, rate_unit);
	}
	if (pg.total && pg.done && pg.done < pg.total && n < sizeof line) {
		double eta = el * (double)(pg.total - pg.done) / (double)pg.done;
		unsigned long s = eta > 359999 ? 359999ul : (unsigned long)(eta + 0.5);
		if (s >= 3600)
			n += (size_t)snprintf(line + n, sizeof line - n, ", ETA %lu:%02lu:%02lu",
					      s / 3600, s / 60 % 60, s % 60);
		else
			n += (size_t)snprintf(line + n, sizeof line - n, ", ETA %lu:%02lu", s / 60,
					      s % 60);
	}
	if (n > PROGRESS_WIDTH)
		n = PROGRESS_WIDTH;
	line[n] = '\0';
	/* Clear to the end of the line: the new text may be shorter than the old. */
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	pg.drawn = true;
}

void as_progress_update(uint64_t done)
{
	if (!pg.running || !pg.shown)
		return;
	pg.done = done;
	uint64_t t = now_ns();
	if (t - pg.last < PROGRESS_PERIOD_NS)
		return;
	pg.last = t;
	draw(t);
}

void as_progress_items(uint64_t n, const char *unit)
{
	pg.items = n;
	pg.item_unit = unit;
}

void as_progress_end(void)
{
	if (pg.running && pg.shown && pg.drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	pg.running = pg.shown = pg.drawn = false;
}
