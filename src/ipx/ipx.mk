# src/ipx/ipx.mk
