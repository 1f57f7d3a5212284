"""Back office pages, one module per area (staff, clients, audit)."""
