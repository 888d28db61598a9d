# Fuzz harnesses, the corpus replay test and the fuzzers (see fuzz/README.md).
