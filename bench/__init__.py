"""Benchmarks and the province-scale dataset generator (see bench/README.md)."""
