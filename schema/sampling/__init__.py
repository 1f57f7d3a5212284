"""GraphQL: sampling."""
