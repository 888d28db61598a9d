# tests/net/net.mk - integration tests in network namespaces (root only; SKIP otherwise):
# autostatic update / respond against ourselves, BIRD 2 and FRR ripd / ripngd, under loss, on
# errors, and the capture / replay round trip; RIPng and IPX (all four framings) the same way. tests/net/README.md says what each one proves.
NET_TESTS = \
	tests/net/self.sh \
	tests/net/bird.sh \
	tests/net/frr.sh \
	tests/net/loss.sh \
	tests/net/errors.sh \
	tests/net/capture.sh \
	tests/net/ripng_self.sh \
	tests/net/ripng_bird.sh \
	tests/net/ripng_frr.sh \
	tests/net/ipx_self.sh \
	tests/net/ripng_ipx_loss.sh \
	tests/net/ripng_ipx_capture.sh
TESTS += $(NET_TESTS)
EXTRA_DIST += $(NET_TESTS) tests/net/lib.sh tests/net/README.md
