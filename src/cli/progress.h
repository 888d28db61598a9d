/* progress.h - one progress line on standard error for long work (decode of big captures,
 * replay, fuzz runs, big updates): count, rate and, when the total is known, percent and ETA.
 *
 * The line is drawn only when standard error is a terminal and the command was not asked to be
 * quiet; otherwise every call is a cheap no-op, so callers never test for it themselves. It is
 * rewritten in place with '\r' at most about 5 times a second, never wider than 79 columns, and
 * erased by as_progress_end(), so that what follows (a summary) starts on a clean line.
 *
 * One progress line per process (the commands run one long job at a time). Usage:
 *
 *     as_progress_quiet(opt_quiet);            // before start; default: not quiet
 *     as_progress_start(n_frames, "frames");   // total 0 = unknown (no percent, no ETA)
 *     for (...) { work(); as_progress_update(done); }
 *     as_progress_end();                       // erase the line, then print the summary
 *
 * When the measure of completion is not what the user counts (decode: bytes of the file read vs
 * frames decoded), give the items too with as_progress_items(); the rate is then in items. When
 * finding `done` costs something (ftell() is a system call), ask as_progress_due() first.
 */
#ifndef AS_CLI_PROGRESS_H
#define AS_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/** Suppresses the line (--quiet). Call before as_progress_start(). */
void as_progress_quiet(bool quiet);
/** A word shown before the figures ("replay", "decode"); NULL for none. Static storage. */
void as_progress_label(const char *label);
/**
 * Starts the line: total units of work (0 when unknown), unit a static plural noun ("frames",
 * "bytes"). Decides whether the line is shown (standard error a terminal, not quiet).
 */
void as_progress_start(uint64_t total, const char *unit);
/** Whether as_progress_update() would redraw now (shown, and the last draw is 0.2 s old). */
bool as_progress_due(void);
/** Records done units of work (of total) and redraws when due. */
void as_progress_update(uint64_t done);
/** A second count, the one shown with a rate, e.g. frames while done counts bytes. */
void as_progress_items(uint64_t n, const char *unit);
/** Erases the line (when shown) and stops. Safe to call when never started. */
void as_progress_end(void);
/** Whether the line is being shown (after start, before end). */
bool as_progress_shown(void);

#endif
