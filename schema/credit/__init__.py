"""GraphQL: credit."""
