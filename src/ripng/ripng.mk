# src/ripng/ripng.mk
