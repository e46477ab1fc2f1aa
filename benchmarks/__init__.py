"""Benchmarks: scale corpora, the measuring harness and its report."""
