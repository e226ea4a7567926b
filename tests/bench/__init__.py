"""The benchmark harness for issue 6: ``make bench`` (``python -m tests.bench``).

Runs against its own database (see :mod:`tests.bench.database`), never the app's, and
prints one ``name=value`` line per metric, then rewrites ``BENCHMARKS.md``.
"""
