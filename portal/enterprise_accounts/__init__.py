"""Enterprise accounts (企业用户): self-service users bound to one unified social credit code."""
