"""Settings, read once from the environment (prefix ``PORTAL_``) and then immutable."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Every Tortoise model module; the single app is called "models".
MODEL_MODULES = [
    "portal.core.models",
    "portal.reference.models",
    "portal.enterprises.models",
    "portal.regulations.models",
    "portal.sampling.models",
    "portal.inspections.models",
    "portal.credit.models",
    "portal.channels.models",
]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", frozen=True, extra="ignore")

    var_dir: Path = PROJECT_ROOT / "var"
    database_url: str = ""  # empty: SQLite file var/portal.sqlite3
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    timezone: str = "Asia/Shanghai"

    # GraphQL guards for the public schema.
    graphql_max_depth: int = 10
    graphql_max_tokens: int = 2000
    graphql_max_aliases: int = 15
    graphql_max_query_bytes: int = 20_000
    page_size_default: int = 20
    page_size_max: int = 100

    serve_workers: int = Field(default=1, ge=1)

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{self.var_dir / 'portal.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    def tortoise_config(self) -> dict[str, object]:
        return tortoise_config(self.db_url)


def tortoise_config(db_url: str) -> dict[str, object]:
    """The one Tortoise configuration: a single app with built-in migrations."""
    return {
        "connections": {"default": db_url},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


# For the `tortoise` CLI (makemigrations): `tortoise -c portal.config.TORTOISE_ORM ...`
TORTOISE_ORM = tortoise_config(get_settings().db_url)
