"""sampling domain."""
