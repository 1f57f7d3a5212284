"""Deterministic demo dataset (`portal seed --demo`) and the importers it uses."""
