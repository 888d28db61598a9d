# src/rip/rip.mk
