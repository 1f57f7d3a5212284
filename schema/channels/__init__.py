"""GraphQL: channels."""
