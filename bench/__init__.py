"""Benchmark of the site generator against a plain MkDocs + Material build.

``python -m bench`` (``make bench``) generates synthetic corpora from the five
real reports (``bench.corpus``), builds each one with the generator and with
plain MkDocs, each build in its own process (``bench.measure``), and writes a
JSON report and a table with the goals of issue 9 (``bench.report``).
"""
