# tests/net/net.mk - integration tests in network namespaces (root only; SKIP otherwise):
# autostatic update / respond against ourselves, BIRD 2 and FRR ripd, under loss, on errors, and
# the capture / replay round trip. tests/net/README.md says what each one proves.
NET_TESTS = \
	tests/net/self.sh \
	tests/net/bird.sh \
	tests/net/frr.sh \
	tests/net/loss.sh \
	tests/net/errors.sh \
	tests/net/capture.sh
TESTS += $(NET_TESTS)
EXTRA_DIST += $(NET_TESTS) tests/net/lib.sh tests/net/README.md
