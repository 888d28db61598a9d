# src/engine/io.mk
