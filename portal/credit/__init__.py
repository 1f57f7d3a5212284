"""credit domain."""
