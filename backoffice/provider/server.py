"""The built-in OpenID provider, assembled from authlib's server components.

authlib's server is synchronous, so views load everything a request needs first (the client,
the code, the logged-in user), put it in an :class:`Exchange`, and run the server in a worker
thread; writes it asks for (a new code, a consumed code) are collected on the exchange and
applied by the view afterwards. Nothing in this module touches the database.

Rules enforced here beyond authlib's defaults:

- PKCE with S256 for every client and every code (:class:`S256Required`);
- a nonce on every OpenID authorization request;
- a client gets only scopes it is registered with (:meth:`ProviderClient.get_allowed_scope`);
- access tokens are RFC 9068 JWTs (``typ: at+jwt``) signed with the provider's RSA key.
"""

from __future__ import annotations

import contextvars
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationCodeMixin,
    AuthorizationServer,
    ClientMixin,
    InvalidRequestError,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, ClientCredentialsGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from authlib.oidc.core import OpenIDCode

from backoffice.config import IdentityConfig
from backoffice.provider.claims import ProviderUser, user_claims
from portal.core.policies import API_SCOPES, OPENID_SCOPES
from portal.enterprise_accounts.oidc import CLIENT_ID as ENTERPRISE_CLIENT_ID
from portal.enterprise_accounts.oidc import EnterpriseCodeGrant
from portal.identity.codes import CodeGrant
from portal.identity.secrets import same_digest

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


@dataclass
class ProviderClient(ClientMixin):  # type: ignore[misc]
    client_id: str
    name: str
    secret_digest: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    grant_types: list[str]
    scopes: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """Requested scopes if all are registered (none requested: all registered)."""
        requested = scope.split() if scope else []
        if not requested:
            return " ".join(self.scopes)
        if any(s not in self.scopes for s in requested):
            return None
        return " ".join(dict.fromkeys(requested))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return same_digest(client_secret, self.secret_digest)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


@dataclass
class Exchange:
    """Per-request data for the synchronous server, and the writes it asks for."""

    client: ProviderClient | None = None
    code_value: str | None = None
    code: CodeGrant | EnterpriseCodeGrant | None = None
    user: ProviderUser | None = None
    nonce_seen: bool = False
    issued_code: dict[str, Any] | None = None
    consumed: bool = False


_current: contextvars.ContextVar[Exchange] = contextvars.ContextVar("oidc_exchange")


@contextmanager
def exchange(ex: Exchange) -> Iterator[Exchange]:
    token = _current.set(ex)
    try:
        yield ex
    finally:
        _current.reset(token)


class FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in items:
            self._datalist[key].append(value)
        self._data = {k: v[0] for k, v in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class ProviderRequest(OAuth2Request):  # type: ignore[misc]
    """An OAuth2 request built from Starlette's (case-insensitive) headers and parsed params."""

    def __init__(self, method: str, uri: str, headers: Any,
                 query: list[tuple[str, str]], form: list[tuple[str, str]]) -> None:
        super().__init__(method, uri, headers=headers)
        self.payload = FormPayload(query + form)
        self._args, self._form = dict(query), dict(form)

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


class CodeRecord(AuthorizationCodeMixin):  # type: ignore[misc]
    def __init__(self, grant: CodeGrant | EnterpriseCodeGrant) -> None:
        self.grant = grant
        self.code_challenge = grant.row.code_challenge
        self.code_challenge_method = grant.row.code_challenge_method

    def get_redirect_uri(self) -> str | None:
        return self.grant.row.redirect_uri or None

    def get_scope(self) -> str:
        return self.grant.row.scope

    def get_nonce(self) -> str | None:
        return self.grant.row.nonce

    def get_auth_time(self) -> int:
        return int(self.grant.row.auth_time.timestamp())

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> list[str]:
        return self.grant.row.amr.split()


class S256Required(CodeChallenge):  # type: ignore[misc]
    """PKCE for every client, S256 only (authlib's default accepts none, and "plain")."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: missing 'code_challenge'.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE 'code_challenge_method' must be S256.")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: Any, result: Any) -> None:
        if not grant.request.form.get("code_verifier"):
            raise InvalidRequestError("PKCE is required: missing 'code_verifier'.")
        super().validate_code_verifier(grant, result)


class CodeFlow(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        _current.get().issued_code = {
            "code": code, "client_id": request.client.client_id,
            "redirect_uri": data.get("redirect_uri") or "", "scope": request.scope or "",
            "nonce": data.get("nonce"), "code_challenge": data["code_challenge"],
            "code_challenge_method": data["code_challenge_method"],
        }

    def query_authorization_code(self, code: str, client: ProviderClient) -> CodeRecord | None:
        ex = _current.get()
        if ex.code and ex.code_value == code and ex.code.row.client_id == client.client_id:
            return CodeRecord(ex.code)
        return None

    def delete_authorization_code(self, authorization_code: CodeRecord) -> None:
        _current.get().consumed = True

    def authenticate_user(self, authorization_code: CodeRecord) -> ProviderUser:
        g = authorization_code.grant
        if isinstance(g, EnterpriseCodeGrant):
            return ProviderUser.for_enterprise(g.account, g.row.auth_time, tuple(g.row.amr.split()))
        return ProviderUser.of(g.account, g.assignments, g.row.auth_time, tuple(g.row.amr.split()))


class ClientCredentials(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS


class IdTokens(OpenIDCode):  # type: ignore[misc]
    def __init__(self, config: IdentityConfig) -> None:
        super().__init__(require_nonce=True)
        self.config = config

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return _current.get().nonce_seen

    def resolve_client_private_key(self, client: Any) -> Any:
        return self.config.signing_keys().private

    def get_client_algorithm(self, client: Any) -> str:
        return "RS256"

    def get_encode_header(self, client: Any) -> dict[str, str]:
        return {"alg": "RS256", "kid": self.config.signing_keys().kid}

    def get_client_claims(self, client: ProviderClient) -> dict[str, Any]:
        return {"iss": self.config.issuer, "aud": [client.client_id],
                "exp": int(time.time()) + self.config.access_token_ttl}

    def generate_user_info(self, user: ProviderUser, scope: str) -> dict[str, Any]:
        return user_claims(user, scope)


class AccessTokens(JWTBearerTokenGenerator):  # type: ignore[misc]
    """RFC 9068 access tokens: audience is the staff API (and the issuer, for userinfo)."""

    def __init__(self, config: IdentityConfig) -> None:
        super().__init__(issuer=config.issuer, alg="RS256",
                         expires_generator=lambda client, grant_type: config.access_token_ttl)
        self.config = config

    def get_jwks(self) -> Any:
        return self.config.signing_keys().private

    def get_audiences(self, client: Any, user: Any, scope: str) -> list[str]:
        if client.client_id == ENTERPRISE_CLIENT_ID:  # userinfo only, never the staff API
            return [self.config.issuer]
        return [self.config.audience, self.config.issuer] if user else [self.config.audience]

    def get_auth_time(self, user: ProviderUser | None) -> int | None:
        return int(user.auth_time.timestamp()) if user else None

    def get_amr(self, user: ProviderUser | None) -> list[str] | None:
        return list(user.amr) if user else None


class Provider(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, config: IdentityConfig) -> None:
        super().__init__(scopes_supported=[*OPENID_SCOPES, *API_SCOPES])
        self.config = config
        self.register_token_generator("default", AccessTokens(config))
        self.register_grant(CodeFlow, [S256Required(required=True), IdTokens(config)])
        self.register_grant(ClientCredentials)

    def query_client(self, client_id: str) -> ProviderClient | None:
        client = _current.get().client
        return client if client and client.client_id == client_id else None

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        return None  # self-contained JWTs; nothing to store

    def create_oauth2_request(self, request: Any) -> Any:
        return request

    def create_json_request(self, request: Any) -> Any:
        return request

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, list[Any]]:
        return status, body, list(headers)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None
