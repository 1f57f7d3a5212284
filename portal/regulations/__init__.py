"""regulations domain."""
