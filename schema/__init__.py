"""GraphQL schemas: the public one (read-only) and, later, the staff one."""
