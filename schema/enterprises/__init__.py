"""GraphQL: enterprises."""
