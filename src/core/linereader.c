/* linereader.c - reading the line-oriented files a responder serves (autostatic-routes(5)); see
 * linereader.h. No RFC.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/core/linereader.h"

int as_lr_fail(char *err, size_t errlen, const char *name, unsigned line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (errlen)
		snprintf(err, errlen, "%s:%u: %s", name, line, msg);
	return -1;
}

int as_lr_read(FILE *f, const char *name, as_lr_fn fn, void *arg, char *err, size_t errlen)
{
	char buf[AS_LR_LINE_MAX + 2];
	unsigned line = 0;
	while (fgets(buf, sizeof buf, f)) {
		line++;
		size_t len = strlen(buf);
		if (len > AS_LR_LINE_MAX && buf[len - 1] != '\n')
			return as_lr_fail(err, errlen, name, line, "line longer than %d characters",
			                  AS_LR_LINE_MAX);
		if (fn(buf, name, line, arg, err, errlen) < 0)
			return -1;
	}
	if (ferror(f))
		return as_lr_fail(err, errlen, name, line + 1, "read error: %s", strerror(errno));
	return 0;
}

FILE *as_lr_open(const char *path, const char **name, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0) {
		*name = "<stdin>";
		return stdin;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	*name = path;
	return f;
}

void as_lr_close(FILE *f)
{
	if (f != stdin)
		fclose(f);
}
