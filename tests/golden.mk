# Golden decodes of the bundled captures and the tshark differential (see tests/golden/README.md).
#
#   make check          runs both (tshark_diff is skipped, status 77, without tshark)
#   make regen-golden   rewrites tests/golden/expected/ from the current decoder; review the diff
TESTS += tests/golden/golden.sh tests/tshark_diff.sh
EXTRA_DIST += \
	tests/golden/golden.sh \
	tests/golden/README.md \
	tests/golden/keys.txt \
	tests/golden/expected \
	tests/tshark_diff.sh \
	tests/tshark_diff.py
# Both read every capture under pcaps/ (shipped by the top Makefile.am: EXTRA_DIST += pcaps).

.PHONY: regen-golden
regen-golden: src/cli/autostatic$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
		$(SHELL) '$(abs_top_srcdir)/tests/golden/golden.sh' --regen
