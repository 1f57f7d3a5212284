"""No client addresses in the logs of tip routes.

``portal serve`` runs uvicorn without an access log; anyone who runs uvicorn directly (or turns
the access log on) still gets none of the addresses of tip routes: this filter, installed on
the ``uvicorn.access`` logger by the app factory, replaces the client address with "-" for the
public tip pages, the public GraphQL endpoint (tip mutations) and the back-office tip pages.
"""

from __future__ import annotations

import logging

TIP_PATHS = ("/tips", "/graphql", "/backoffice/tips", "/backoffice/graphql")
ACCESS_LOGGER = "uvicorn.access"


def is_tip_path(path: str) -> bool:
    bare = path.split("?", 1)[0]
    return any(bare == p or bare.startswith(p + "/") for p in TIP_PATHS)


class DropTipAddresses(logging.Filter):
    """uvicorn logs ``'%s - "%s %s HTTP/%s" %d'`` with (client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) \
                and is_tip_path(args[2]):
            record.args = ("-", *args[1:])
        return True


def install() -> None:
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropTipAddresses) for f in logger.filters):
        logger.addFilter(DropTipAddresses())
