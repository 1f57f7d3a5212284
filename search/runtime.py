"""Which backend this process uses, chosen by settings; set up by the lifespan or the CLI.

Pages run GraphQL operations in-process without a request object, so resolvers find the
backend here rather than on ``request.state``. The lifespan installs it at start-up and
closes it at shutdown; anything else (tests, the CLI) gets one made from settings on first use.
"""

from __future__ import annotations

from portal.config import Settings, get_settings
from search.backend import SearchBackend

_current: list[SearchBackend] = []


def make_backend(settings: Settings) -> SearchBackend:
    if settings.search_backend == "meilisearch":
        from search.meili import MeiliBackend

        if not settings.meili_url:
            raise ValueError("PORTAL_SEARCH_BACKEND=meilisearch 需要设置 MEILI_URL。")
        return MeiliBackend(settings.meili_url, settings.meili_key or None, settings.meili_index)
    from search.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.search_dir)


def get_backend() -> SearchBackend:
    if not _current:
        _current.append(make_backend(get_settings()))
    return _current[-1]


def install(backend: SearchBackend) -> None:
    """Make ``backend`` the process's backend (the lifespan and tests call this)."""
    _current.append(backend)


def uninstall(backend: SearchBackend) -> None:
    if backend in _current:
        _current.remove(backend)
