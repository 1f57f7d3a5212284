"""Back office and built-in identity provider (issue: staff identity)."""
