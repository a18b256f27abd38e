"""The benchmarks of `scripts/benchmark.py`: one module per section, and what the sections share."""
