# tests/net/net.mk
