"""The built-in OpenID provider (embedded default issuer) under /oidc/."""
