"""GraphQL (staff schema): staff accounts, roles, OAuth clients, the current viewer."""
