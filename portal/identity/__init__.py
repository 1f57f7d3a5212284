"""Staff identity: accounts, role assignments, OAuth clients, login (issue 4).

Domain code only: the web parts (OpenID provider, back office) live in ``backoffice/``.
"""
