/* linereader.h - reading the line-oriented files a responder serves (autostatic-routes(5): route
 * files and the IPX service file): lines of at most AS_LR_LINE_MAX characters, "file:line:"
 * errors, "-" for standard input. No RFC.
 */
#ifndef AUTOSTATIC_LINEREADER_H
#define AUTOSTATIC_LINEREADER_H

#include <stddef.h>
#include <stdio.h>

enum { AS_LR_LINE_MAX = 1024 };

/* Writes "NAME:LINE: message" into err (when errlen) and returns -1. */
int as_lr_fail(char *err, size_t errlen, const char *name, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Called with each line (newline included, writable) and its number; < 0 stops the reading. */
typedef int (*as_lr_fn)(char *buf, const char *name, unsigned line, void *arg, char *err,
                        size_t errlen);

/* Calls fn for every line of f. 0, or -1 with err set (a line too long, a read error, or fn's). */
int as_lr_read(FILE *f, const char *name, as_lr_fn fn, void *arg, char *err, size_t errlen);

/* Opens path ("-": standard input, named "<stdin>") and sets *name; NULL with err set. */
FILE *as_lr_open(const char *path, const char **name, char *err, size_t errlen);
/* Closes what as_lr_open opened (standard input stays open). */
void as_lr_close(FILE *f);

#endif
