"""channels domain."""
