"""GraphQL: site search over every public kind."""
