# src/engine/core.mk
