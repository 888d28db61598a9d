# src/daemon/daemon.mk
