"""Benchmarks: ``python -m benchmarks NAME [--size N]``. Results go in docs/PERFORMANCE.md."""
