"""GraphQL (staff schema): browsing the audit log."""
