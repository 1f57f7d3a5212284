"""GraphQL: reference."""
