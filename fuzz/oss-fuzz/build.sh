#!/bin/bash -eu
# build.sh - OSS-Fuzz / ClusterFuzzLite build of the autostatic fuzz targets.
#
# The infrastructure sets CC, CFLAGS (sanitizer and coverage flags), LIB_FUZZING_ENGINE (the
# engine's main: libFuzzer, AFL++ or honggfuzz), OUT (where fuzzers go) and WORK (scratch).
# proto/ is pure C over libc and libcrypto (DESIGN.md, "Layers"), so its sources are compiled
# straight into a static archive here - no configure, no libpcap - and each harness links that.
# For every target it writes $OUT/fuzz_<t>, $OUT/fuzz_<t>.dict and
# $OUT/fuzz_<t>_seed_corpus.zip (fuzz/corpus/<t>/ plus fuzz/regress/<t>/).
#
# Locally, e.g.:
#   CC=clang CFLAGS='-fsanitize=address,fuzzer-no-link -g' LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/out WORK=/tmp/work fuzz/oss-fuzz/build.sh

src=$(cd "$(dirname "$0")/../.." && pwd)
: "${CC:=clang}" "${CFLAGS:=}" "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:?set OUT}" "${WORK:=$(mktemp -d)}"
build=$WORK/autostatic-fuzz
rm -rf "$build"
mkdir -p "$build/obj" "$OUT"

# What configure would put in config.h for these files: the POSIX/GNU feature macros.
cat >"$build/config.h" <<'H'
/* config.h for the OSS-Fuzz build of proto/ and fuzz/ (fuzz/oss-fuzz/build.sh). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
H

cflags="$CFLAGS -std=c17 -I$build -I$src/include -I$src"

# libcrypto: static when the archive is there (the runner image has no libssl), else shared.
crypto=""
for dir in /usr/lib/x86_64-linux-gnu /usr/lib/i386-linux-gnu /usr/lib/aarch64-linux-gnu \
	/usr/local/lib /usr/lib; do
	if [ -f "$dir/libcrypto.a" ]; then
		crypto="$dir/libcrypto.a -ldl -lpthread"
		break
	fi
done
if [ -z "$crypto" ]; then
	echo "build.sh: no libcrypto.a, linking libcrypto dynamically" >&2
	crypto="-lcrypto"
fi

# proto/ as a static archive, the shared fuzz helpers beside it.
objs=()
for f in "$src"/proto/*.c "$src"/fuzz/common.c "$src"/fuzz/check_rip.c \
	"$src"/fuzz/check_ripng.c "$src"/fuzz/check_ipx.c; do
	o=$build/obj/$(basename "$(dirname "$f")")_$(basename "${f%.c}").o
	# shellcheck disable=SC2086 # CFLAGS is a list of flags
	$CC $cflags -c "$f" -o "$o"
	objs+=("$o")
done
ar rcs "$build/libasfuzz.a" "${objs[@]}"

for t in rip ripng ipx frame rip_auth; do
	# shellcheck disable=SC2086
	$CC $cflags -c "$src/fuzz/fuzz_$t.c" -o "$build/obj/fuzz_$t.o"
	# shellcheck disable=SC2086
	$CC $CFLAGS "$build/obj/fuzz_$t.o" -o "$OUT/fuzz_$t" $LIB_FUZZING_ENGINE \
		"$build/libasfuzz.a" $crypto
	cp "$src/fuzz/dict/$t.dict" "$OUT/fuzz_$t.dict"
	rm -f "$OUT/fuzz_${t}_seed_corpus.zip"
	(cd "$src/fuzz" && find "corpus/$t" "regress/$t" -type f ! -name '.*' -print |
		zip -q -j "$OUT/fuzz_${t}_seed_corpus.zip" -@)
done
echo "build.sh: fuzzers, dictionaries and seed corpora in $OUT"
