"""Search: index specs, backends, outbox worker (issue: search)."""
