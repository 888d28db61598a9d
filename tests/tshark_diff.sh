#!/bin/sh
# tshark_diff.sh - `make check` wrapper of tshark_diff.py (the differential test against tshark).
# Skips (77) without tshark or without a Python 3; Debian's /usr/bin/python3 is preferred because
# another python3 may come first on PATH. Extra arguments go to tshark_diff.py.
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
export top_srcdir top_builddir

if [ -z "${TSHARK:-}" ]; then
	TSHARK=$(command -v tshark 2>/dev/null)
fi
if [ -z "$TSHARK" ] || [ ! -x "$TSHARK" ]; then
	echo "SKIP: tshark not found (apt-get install tshark, then re-run configure)"
	exit 77
fi
export TSHARK

py=
for p in /usr/bin/python3 "${PYTHON3:-}" python3; do
	[ -n "$p" ] || continue
	if command -v "$p" >/dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "SKIP: no python3 to run tshark_diff.py"
	exit 77
fi
exec "$py" "$top_srcdir/tests/tshark_diff.py" "$@"
