"""GraphQL: regulations."""
