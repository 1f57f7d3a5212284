"""Page handlers, one module per domain."""
