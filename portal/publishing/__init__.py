"""Publication review (issue 5): drafts, the maker-checker workflow, redaction, versions, deadlines."""
