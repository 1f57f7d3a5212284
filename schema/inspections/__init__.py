"""GraphQL: inspections."""
