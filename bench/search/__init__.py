"""Search benchmark (`python -m bench.search`): index build rate and size, indexer memory, and
query latency through the full HTTP + GraphQL stack beside the backend alone (the reference).
See docs/search.md for the figures and how they were measured.
"""
