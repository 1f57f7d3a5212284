"""Publication tests reuse the back office's logged-in-staff fixtures (browser, settings)."""

from tests.backoffice.conftest import browser, cheap_hashing, keys_dir, settings

__all__ = ["browser", "cheap_hashing", "keys_dir", "settings"]
