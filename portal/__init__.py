"""阳光监管门户 — core domain and assembly."""
