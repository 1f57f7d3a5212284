"""Bearer access tokens (RFC 9068 JWTs) for the staff API and the provider's userinfo.

A token is accepted only if its signature verifies with the issuer's keys, ``typ`` is
``at+jwt``, ``iss`` is the configured issuer, ``aud`` contains this resource, it has not
expired, and it carries ``client_id``, ``sub``, ``iat`` and ``jti``. Which permissions it then
carries is decided by portal.core.policies from its scopes (see :func:`actor_for_token`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx2
from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from joserfc.jwk import KeySet

from backoffice.config import IdentityConfig
from portal.core.policies import API_SCOPES, PolicyActor, staff_actor
from portal.identity.principals import (
    account_id_of,
    assignments_from_claims,
    load_client_actor,
    load_staff_actor,
)

JWKS_TTL = 300
JWKS_MIN_REFRESH = 30


@dataclass
class TokenRejected(Exception):
    status: int
    error: str  # invalid_token | insufficient_scope
    description: str

    def www_authenticate(self) -> str:
        return f'Bearer error="{self.error}", error_description="{self.description}"'


class _Validator(JWTBearerTokenValidator):  # type: ignore[misc]
    def __init__(self, issuer: str, audience: str, keys: KeySet) -> None:
        super().__init__(issuer=issuer, resource_server=audience)
        self._keys = keys

    def get_jwks(self) -> KeySet:
        return self._keys


class TokenVerifier:
    def __init__(self, config: IdentityConfig) -> None:
        self.config = config
        self._jwks: KeySet | None = None
        self._fetched_at = 0.0

    async def _keys(self, refresh: bool = False) -> KeySet:
        if self.config.builtin:
            return self.config.signing_keys().private
        age = time.time() - self._fetched_at
        # A refresh for an unknown key at most every JWKS_MIN_REFRESH: forged tokens cannot
        # turn every request into a fetch from the issuer.
        if self._jwks is None or age > JWKS_TTL or (refresh and age > JWKS_MIN_REFRESH):
            try:
                async with httpx2.AsyncClient(timeout=10) as http:
                    metadata = (await http.get(self.config.metadata_url)).raise_for_status().json()
                    jwks = (await http.get(metadata["jwks_uri"])).raise_for_status().json()
                self._jwks, self._fetched_at = KeySet.import_key_set(jwks), time.time()
            except (httpx2.HTTPError, KeyError, ValueError) as error:
                if self._jwks is None:
                    raise TokenRejected(503, "temporarily_unavailable",
                                        "the issuer's keys cannot be fetched") from error
        assert self._jwks is not None
        return self._jwks

    async def claims(self, token: str, audience: str) -> dict[str, Any]:
        """Verified claims, or :class:`TokenRejected` (401 invalid_token)."""
        for refresh in (False, True):
            validator = _Validator(self.config.issuer, audience, await self._keys(refresh))
            try:
                claims = validator.authenticate_token(token)
                validator.validate_token(claims, scopes=None, request=None)
            except InvalidTokenError:
                if refresh or self.config.builtin:
                    raise TokenRejected(401, "invalid_token", "token is invalid or expired") from None
                continue
            except Exception:  # malformed input of any kind
                raise TokenRejected(401, "invalid_token", "token is malformed") from None
            if str(claims.header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
                raise TokenRejected(401, "invalid_token", "not an RFC 9068 access token")
            return dict(claims)
        raise AssertionError("unreachable")

    async def actor_for_token(self, token: str) -> PolicyActor:
        """The actor a staff-API token acts as: its API scopes, nothing more."""
        claims = await self.claims(token, self.config.audience)
        scopes = str(claims.get("scope", "")).split()
        api = [s for s in scopes if s in API_SCOPES]
        if not api:
            raise TokenRejected(403, "insufficient_scope", "token has no staff API scope")
        subject, client_id = str(claims["sub"]), str(claims["client_id"])
        actor: PolicyActor | None
        if subject == client_id:
            actor = await load_client_actor(client_id, api)
        elif self.config.builtin and (account_id := account_id_of(subject)) is not None:
            actor = await load_staff_actor(account_id, scopes=api)
        else:
            held = await assignments_from_claims(claims.get(self.config.roles_claim),
                                                 claims.get(self.config.departments_claim),
                                                 self.config.role_map)
            name = str(claims.get("name") or subject)
            actor = staff_actor(f"oidc:{subject}"[:100], name, held, scopes=api)
        if actor is None:
            raise TokenRejected(401, "invalid_token", "the account or client is disabled")
        return actor
