"""Public site: server-rendered pages that read through the public GraphQL schema in-process."""
