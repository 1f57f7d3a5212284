"""Publication tests reuse the back office's logged-in-staff fixtures and the search index."""

from tests.backoffice.conftest import browser, cheap_hashing, keys_dir, second_browser, settings
from tests.search.conftest import embedded

__all__ = ["browser", "cheap_hashing", "embedded", "keys_dir", "second_browser", "settings"]
