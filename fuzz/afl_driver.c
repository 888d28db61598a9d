/* afl_driver.c - runs a libFuzzer-style harness (LLVMFuzzerTestOneInput) under AFL++ or over
 * files, so that one binary per target is both the AFL++ fuzzer and the corpus replayer.
 *
 * Built with afl-clang-fast (__AFL_COMPILER defined) and started without file arguments, it
 * runs in persistent mode: __AFL_LOOP(10000) with the test case in shared memory
 * (__AFL_FUZZ_TESTCASE_BUF), or on stdin when afl-fuzz is not there. Otherwise - a normal
 * build, or file arguments - it reads every file named on the command line (a directory
 * stands for the regular files in it, sorted) or stdin ("-", or no argument), and runs each.
 *
 * Every input is copied to a heap buffer of exactly its size before the harness sees it, so
 * that AddressSanitizer reports a read one byte past the end (the shared-memory buffer and
 * the file buffer are larger than the input and would hide it).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h> /* read(), used by the AFL++ macros */

#include "fuzz/common.h"

#define FUZZ_MAX_INPUT (1u << 20) /* larger inputs are cut, as afl-fuzz and libFuzzer do */

#ifdef __AFL_COMPILER
__AFL_FUZZ_INIT();
#endif

static void run_one(const uint8_t *data, size_t len)
{
	uint8_t *copy = fuzz_dup(data, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
}

/* Reads a whole stream, up to FUZZ_MAX_INPUT bytes. */
static int run_stream(FILE *fp, const char *name, uint8_t *buf)
{
	size_t len = fread(buf, 1, FUZZ_MAX_INPUT, fp);
	if (ferror(fp)) {
		fprintf(stderr, "afl_driver: %s: read error\n", name);
		return -1;
	}
	run_one(buf, len);
	return 0;
}

static int run_file(const char *path, uint8_t *buf, unsigned long *count)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "afl_driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "afl_driver: running %s\n", path);
	int rc = run_stream(fp, path, buf);
	fclose(fp);
	if (rc == 0)
		(*count)++;
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, uint8_t *buf, unsigned long *count)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "afl_driver: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* ".", "..", and hidden files such as .gitkeep */
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			char **grown = realloc(names, cap * sizeof *names);
			if (!grown)
				abort();
			names = grown;
		}
		size_t len = strlen(dir) + 1 + strlen(de->d_name) + 1;
		names[n] = malloc(len);
		if (!names[n])
			abort();
		snprintf(names[n], len, "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && run_file(names[i], buf, count))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

static int replay(int argc, char **argv)
{
	uint8_t *buf = malloc(FUZZ_MAX_INPUT);
	unsigned long count = 0;
	int rc = 0;

	if (!buf)
		abort();
	if (argc < 2) {
		rc = run_stream(stdin, "stdin", buf);
		count = rc == 0;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (!strcmp(argv[i], "-")) {
			if (run_stream(stdin, "stdin", buf) == 0)
				count++;
			else
				rc = -1;
		} else if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "afl_driver: %s: %s\n", argv[i], strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], buf, &count))
				rc = -1;
		} else if (run_file(argv[i], buf, &count)) {
			rc = -1;
		}
	}
	free(buf);
	fprintf(stderr, "%s: %lu input%s run%s\n", argv[0], count, count == 1 ? "" : "s",
		rc ? ", with errors" : "");
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
#ifdef __AFL_COMPILER
	if (argc < 2) {
		/* Persistent mode: the fork server starts here, then 10000 inputs per process. */
		__AFL_INIT();
		const unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
		while (__AFL_LOOP(10000)) {
			int len = __AFL_FUZZ_TESTCASE_LEN;
			if (len < 0)
				len = 0;
			run_one(buf, (size_t)len);
		}
		return 0;
	}
	__AFL_INIT(); /* afl-fuzz ... @@: a fork per file, no persistence */
#endif
	return replay(argc, argv);
}
