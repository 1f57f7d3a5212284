"""Settings, read once from the environment (prefix ``PORTAL_``) and then immutable."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Every Tortoise model module; the single app is called "models".
MODEL_MODULES = [
    "portal.core.models",
    "portal.reference.models",
    "portal.enterprises.models",
    "portal.regulations.models",
    "portal.sampling.models",
    "portal.sampling.directory",
    "portal.sampling.records",
    "portal.inspections.models",
    "portal.credit.models",
    "portal.channels.models",
    "portal.identity.models",
    "portal.core.jobs",
    "portal.enterprise_accounts.models",
    "portal.credit.repair_models",
    "portal.publishing.models",
    "portal.tips.models",
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
    # Regions, industries and departments are read through a per-process cache; a renamed row
    # shows everywhere after at most this many seconds (new rows are found at once).
    reference_cache_seconds: float = Field(default=300, ge=0)
    # Whole public answers are cached in each worker until public content changes (an outbox
    # event) and at most this long (bounds how late a scheduled go-live appears); 0 disables.
    response_cache_seconds: float = Field(default=30, ge=0)

    # Search (docs/search.md): embedded tantivy index under var_dir, or Meilisearch.
    search_backend: Literal["embedded", "meilisearch"] = "embedded"
    meili_url: str = Field(default="", validation_alias=AliasChoices("PORTAL_MEILI_URL", "MEILI_URL"))
    meili_key: str = Field(default="", validation_alias=AliasChoices("PORTAL_MEILI_KEY", "MEILI_KEY"))
    meili_index: str = "portal"
    # auto: the indexer runs inside the app on the embedded backend, as `portal indexer` otherwise
    search_indexer: Literal["auto", "in_process", "external"] = "auto"
    search_max_query_chars: int = Field(default=100, ge=10, le=1000)

    # Display-window expiry job (docs/feeds.md): in-process timer on the embedded default,
    # `portal expire` from cron otherwise; auto follows the search indexer's placement.
    expiry_job: Literal["auto", "in_process", "external"] = "auto"
    expiry_interval: float = Field(default=900.0, ge=1.0)  # seconds between in-process runs
    # Atom feeds (docs/feeds.md): entries per feed and the authority of the tag: URI entry ids
    # (set once and keep: changing it changes every entry id). Empty: the host of base_url.
    feed_entries: int = Field(default=50, ge=1, le=500)
    feed_tag_authority: str = ""
    # Public CSV/Excel downloads of the lists (docs/exports.md): at most this many rows per file
    # (a note in the file and the X-Export-Truncated header say when there were more).
    export_max_rows: int = Field(default=50_000, ge=1, le=1_000_000)

    # Staff identity and the back office (docs/identity.md). Empty values are derived.
    base_url: str = ""  # public origin, e.g. https://portal.example.gov.cn; empty: http://host:port
    secret_key: str = ""  # signs session cookies; empty: generated once under var_dir
    oidc_issuer: str = ""  # external OpenID provider; empty: the built-in one at {base_url}/oidc
    oidc_client_id: str = "portal-backoffice"
    oidc_client_secret: str = ""  # empty with the built-in provider: derived from secret_key
    oidc_scope: str = "openid profile email portal"
    oidc_roles_claim: str = "portal_roles"  # ["editor", "reviewer@12", "administrator@*", ...]
    oidc_departments_claim: str = "portal_departments"  # department ids or names
    oidc_role_map: dict[str, str] = Field(default_factory=dict)  # IdP role/group -> portal role
    oidc_signing_key_file: Path | None = None  # PEM; empty: var_dir/oidc-signing-key.pem
    api_audience: str = ""  # empty: {base_url}/backoffice/graphql
    access_token_ttl: int = Field(default=600, ge=30)
    session_max_age: int = Field(default=8 * 3600, ge=60)
    session_idle_timeout: int = Field(default=1800, ge=60)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)
    login_rate_limit: str = "10/minute"  # per client address and per account name
    rate_limit_storage: str = "memory://"  # production: redis://host:6379 (shared by workers)
    totp_required_roles: tuple[str, ...] = ("administrator",)
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=65536, ge=8)  # KiB
    argon2_parallelism: int = Field(default=4, ge=1)

    # Publication review (docs/publication.md): results public within N working days of the
    # task's completion (企业信息公示暂行条例 art. 6); "due soon" within this many working days.
    result_publication_workdays: int = Field(default=20, ge=1, le=200)
    result_due_soon_workdays: int = Field(default=5, ge=0, le=60)
    # Tips and complaints (docs/tips.md). Empty keys/salt: generated once under var_dir.
    tips_keys: str = ""  # KEK ring "k1:<base64 32 bytes>,k2:<...>"
    tips_active_key: str = ""  # id of the KEK that seals new data; empty: the last one
    tips_receipt_salt: str = ""  # base64, >= 16 bytes; site-wide secret salt of receipt hashes
    tips_receipt_time_cost: int = Field(default=3, ge=1)
    tips_receipt_memory_kib: int = Field(default=65536, ge=8)
    tips_follow_up_rate_limit: str = "5/minute;30/hour"  # receipt-code attempts per client
    tips_submit_rate_limit: str = "5/hour"  # submissions per client
    tips_max_text_chars: int = Field(default=5000, ge=100)
    tips_max_attachments: int = Field(default=5, ge=0)
    tips_max_attachment_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{self.var_dir / 'portal.sqlite3'}"

    @property
    def search_dir(self) -> Path:
        return self.var_dir / "search"

    @property
    def indexer_in_process(self) -> bool:
        if self.search_indexer == "auto":
            return self.search_backend == "embedded"
        return self.search_indexer == "in_process"

    @property
    def expiry_in_process(self) -> bool:
        if self.expiry_job == "auto":
            return self.indexer_in_process
        return self.expiry_job == "in_process"

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
