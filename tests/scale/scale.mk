# tests/scale/scale.mk
