"""Identity settings with their derived values (issuer, URLs, secrets), computed once per app.

With ``PORTAL_OIDC_ISSUER`` empty the built-in provider at ``{base_url}/oidc`` is the issuer, the
back office is its pre-registered client (secret derived from the secret key), and the two
talk in-process. With an external issuer, the built-in provider is not mounted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from backoffice.keys import SigningKeys, load_secret_key, load_signing_keys
from portal.config import Settings
from portal.identity.authentication import LoginPolicy

BACKOFFICE = "/backoffice"
PROVIDER = "/oidc"


@dataclass(frozen=True)
class IdentityConfig:
    base_url: str
    issuer: str
    builtin: bool
    client_id: str
    client_secret: str
    scope: str
    audience: str
    secret_key: str
    secure_cookies: bool
    roles_claim: str
    departments_claim: str
    role_map: dict[str, str]
    access_token_ttl: int
    session_max_age: int
    session_idle_timeout: int
    login_policy: LoginPolicy
    rate_limit: str
    rate_limit_storage: str
    keys: SigningKeys | None = field(repr=False, default=None)

    @property
    def redirect_uri(self) -> str:
        return f"{self.base_url}{BACKOFFICE}/auth/callback"

    @property
    def post_logout_redirect_uri(self) -> str:
        return f"{self.base_url}{BACKOFFICE}/logged-out"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def issuer_origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def signing_keys(self) -> SigningKeys:
        if self.keys is None:
            raise RuntimeError("the built-in provider is not enabled (PORTAL_OIDC_ISSUER is set)")
        return self.keys

    @classmethod
    def from_settings(cls, settings: Settings) -> IdentityConfig:
        base_url = (settings.base_url or f"http://{settings.host}:{settings.port}").rstrip("/")
        builtin = not settings.oidc_issuer
        issuer = settings.oidc_issuer.rstrip("/") if not builtin else base_url + PROVIDER
        secret_key = settings.secret_key or load_secret_key(settings.var_dir)
        client_secret = settings.oidc_client_secret
        if builtin and not client_secret:
            client_secret = hmac.new(secret_key.encode(), b"oidc-client-secret",
                                     hashlib.sha256).hexdigest()
        keys = None
        if builtin:
            keys = load_signing_keys(settings.oidc_signing_key_file
                                     or settings.var_dir / "oidc-signing-key.pem")
        return cls(
            base_url=base_url, issuer=issuer, builtin=builtin, client_id=settings.oidc_client_id,
            client_secret=client_secret, scope=settings.oidc_scope,
            audience=settings.api_audience or f"{base_url}{BACKOFFICE}/graphql",
            secret_key=secret_key, secure_cookies=base_url.startswith("https://"),
            roles_claim=settings.oidc_roles_claim,
            departments_claim=settings.oidc_departments_claim,
            role_map=dict(settings.oidc_role_map),
            access_token_ttl=settings.access_token_ttl, session_max_age=settings.session_max_age,
            session_idle_timeout=settings.session_idle_timeout,
            login_policy=LoginPolicy(
                max_failures=settings.login_max_failures,
                lockout=dt.timedelta(seconds=settings.login_lockout_seconds),
                totp_required=tuple(settings.totp_required_roles),
            ),
            rate_limit=settings.login_rate_limit, rate_limit_storage=settings.rate_limit_storage,
            keys=keys,
        )
