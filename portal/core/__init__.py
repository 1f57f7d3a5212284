"""Shared domain building blocks: errors, clock, identifiers, publication, rule table."""
