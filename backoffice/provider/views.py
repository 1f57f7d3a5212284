"""Endpoints of the built-in OpenID provider (mounted at /oidc).

The authorization endpoint shows a login form (password + TOTP; no consent screen: every
client is registered by an administrator). Failed logins count towards the account lockout
and the login rate limits; the token endpoint issues codes' tokens and client-credentials tokens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import anyio
from authlib.oauth2.rfc6749 import OAuth2Error
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from backoffice import csrf
from backoffice.bearer import TokenRejected, TokenVerifier
from backoffice.config import IdentityConfig
from backoffice.provider.claims import ProviderUser, user_claims
from backoffice.provider.server import (
    AUTH_METHODS,
    Exchange,
    Provider,
    ProviderClient,
    ProviderRequest,
    exchange,
)
from backoffice.ratelimit import LoginLimiter
from backoffice.rendering import render
from portal.core import clock
from portal.core.errors import DomainError
from portal.core.policies import API_SCOPES, OPENID_SCOPES
from portal.enterprise_accounts import oidc as enterprise
from portal.enterprise_accounts.services import authenticate as authenticate_enterprise
from portal.identity import codes
from portal.identity.authentication import LoginFailed, authenticate
from portal.identity.codes import CodeGrant
from portal.identity.principals import account_id_of
from portal.identity.secrets import digest
from portal.identity.services import assignments_of

OAUTH_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class ProviderViews:
    def __init__(self, config: IdentityConfig) -> None:
        self.config = config
        self.server = Provider(config)
        self.limiter = LoginLimiter(config.rate_limit, config.rate_limit_storage)
        self.verifier = TokenVerifier(config)

    async def load_client(self, client_id: str | None) -> ProviderClient | None:
        c = self.config
        if not client_id:
            return None
        if client_id == c.client_id:
            return ProviderClient(
                c.client_id, "阳光监管门户后台", digest(c.client_secret), [c.redirect_uri],
                [c.post_logout_redirect_uri], ["authorization_code"], list(OPENID_SCOPES),
            )
        if client_id == enterprise.CLIENT_ID:  # the enterprise area (/my): enterprise users only
            return ProviderClient(
                enterprise.CLIENT_ID, enterprise.CLIENT_NAME,
                digest(enterprise.client_secret(c.secret_key)),
                [c.base_url + enterprise.CALLBACK_PATH], [c.base_url + enterprise.LOGGED_OUT_PATH],
                ["authorization_code"], enterprise.SCOPE.split(),
            )
        row = await codes.active_client(client_id)
        if row is None:
            return None
        return ProviderClient(row.client_id, row.name, row.secret_hash, list(row.redirect_uris),
                              list(row.post_logout_redirect_uris), list(row.grant_types), row.scopes)

    async def _run(self, ex: Exchange, fn: Callable[..., Any], *args: Any) -> Any:
        def work() -> Any:
            with exchange(ex):
                return fn(*args)

        return await anyio.to_thread.run_sync(work)

    def _request(self, request: Request, path: str, form: list[tuple[str, str]]) -> ProviderRequest:
        query = list(request.query_params.multi_items()) if request.method == "GET" else []
        return ProviderRequest(request.method, f"{self.config.issuer}{path}", request.headers,
                               query, form)

    @staticmethod
    def _response(result: tuple[int, Any, list[tuple[str, str]]]) -> Response:
        status, body, headers = result
        if status in (301, 302, 303):
            return RedirectResponse(dict(headers)["Location"], status_code=303 if status == 303 else 302)
        return JSONResponse(body, status_code=status, headers={**dict(headers), **NO_STORE})

    async def discovery(self, request: Request) -> Response:
        i = self.config.issuer
        return JSONResponse({
            "issuer": i, "authorization_endpoint": f"{i}/authorize", "token_endpoint": f"{i}/token",
            "userinfo_endpoint": f"{i}/userinfo", "jwks_uri": f"{i}/jwks",
            "end_session_endpoint": f"{i}/logout",
            "response_types_supported": ["code"], "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "client_credentials"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": [*OPENID_SCOPES, *API_SCOPES],
            "token_endpoint_auth_methods_supported": AUTH_METHODS,
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr",
                                 "name", "preferred_username", "email", "portal_roles",
                                 "portal_departments"],
        })

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(self.config.signing_keys().public_jwks())

    async def authorize(self, request: Request) -> Response:
        if request.method == "POST":
            form = await csrf.checked_form(request, self.config.origin)
            params = [(k, str(v)) for k, v in form.multi_items() if k in OAUTH_PARAMS]
        else:
            form, params = None, list(request.query_params.multi_items())
        values = dict(params)
        ex = Exchange(client=await self.load_client(values.get("client_id")))
        for_enterprise = ex.client is not None and ex.client.client_id == enterprise.CLIENT_ID
        if ex.client and values.get("nonce"):
            seen = enterprise.nonce_seen if for_enterprise else codes.nonce_seen
            ex.nonce_seen = await seen(ex.client.client_id, values["nonce"])
        req = self._request(request, "/authorize", params if form is not None else [])
        try:
            grant = await self._run(ex, self.server.get_consent_grant, req)
        except OAuth2Error as error:
            if error.redirect_uri:
                return self._response(self.server.handle_error_response(req, error))
            return render(request, "oidc/error.html", {"error": error}, status_code=400)
        page = {"params": [(k, v) for k, v in params if k in OAUTH_PARAMS], "client": ex.client,
                "enterprise": for_enterprise}
        if form is None:
            return render(request, "oidc/login.html", page)
        username = str(form.get("username", ""))
        address = request.client.host if request.client else ""
        if not await self.limiter.allow(address, username):
            return render(request, "oidc/login.html", {**page, "username": username,
                          "error": "尝试过于频繁，请稍后再试。"}, status_code=429)
        if for_enterprise:
            return await self._enterprise_login(request, ex, req, grant, form, page, username)
        try:
            login = await authenticate(username, str(form.get("password", "")),
                                       str(form.get("totp", "")), self.config.login_policy)
        except LoginFailed as failure:
            return render(request, "oidc/login.html", {**page, "username": username,
                          "error": failure.message}, status_code=401)
        ex.user = ProviderUser.of(login.account, login.assignments, login.at, login.amr)
        result = await self._run(ex, self.server.create_authorization_response, req, ex.user, grant)
        if ex.issued_code:
            await codes.save_code(**ex.issued_code, account_id=login.account.id,
                                  auth_time=login.at, amr=login.amr)
        return self._response(result)

    async def _enterprise_login(self, request: Request, ex: Exchange, req: ProviderRequest,
                                grant: Any, form: Any, page: dict[str, Any], username: str
                                ) -> Response:
        """An enterprise user (enterprise_accounts.services.authenticate: lockout, audit)."""
        try:
            account = await authenticate_enterprise(username, str(form.get("password", "")))
        except DomainError as failure:
            return render(request, "oidc/login.html", {**page, "username": username,
                          "error": failure.message}, status_code=401)
        at, amr = clock.now().astimezone(dt.UTC), ("pwd",)
        ex.user = ProviderUser.for_enterprise(account, at, amr)
        result = await self._run(ex, self.server.create_authorization_response, req, ex.user, grant)
        if ex.issued_code:
            await enterprise.save_code(**ex.issued_code, account_id=account.id, auth_time=at, amr=amr)
        return self._response(result)

    async def token(self, request: Request) -> Response:
        form = await request.form()
        items = [(k, str(v)) for k, v in form.multi_items()]
        basic_id, _ = extract_basic_authorization(request.headers)
        ex = Exchange(client=await self.load_client(basic_id or str(form.get("client_id", ""))))
        if ex.client and form.get("grant_type") == "authorization_code" and form.get("code"):
            ex.code_value = str(form["code"])
            if ex.client.client_id == enterprise.CLIENT_ID:
                ex.code = await enterprise.find_code(ex.code_value, ex.client.client_id)
            else:
                ex.code = await codes.find_code(ex.code_value, ex.client.client_id)
        result = await self._run(ex, self.server.create_token_response,
                                 self._request(request, "/token", items))
        if result[0] == 200 and ex.consumed and ex.code and not await self._consume(ex.code):
            body = {"error": "invalid_grant", "error_description": "Authorization code already used."}
            return JSONResponse(body, status_code=400, headers=NO_STORE)
        return self._response(result)

    @staticmethod
    async def _consume(grant: CodeGrant | enterprise.EnterpriseCodeGrant) -> bool:
        if isinstance(grant, enterprise.EnterpriseCodeGrant):
            return await enterprise.consume_code(grant.row)
        return await codes.consume_code(grant.row)

    async def userinfo(self, request: Request) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            if scheme.lower() != "bearer" or not token:
                raise TokenRejected(401, "invalid_token", "missing bearer token")
            claims = await self.verifier.claims(token.strip(), self.config.issuer)
            if enterprise.account_id_of(str(claims.get("sub", ""))) is not None:
                return await self._enterprise_userinfo(claims)
            account_id = account_id_of(str(claims.get("sub", "")))
            if "openid" not in str(claims.get("scope", "")).split() or account_id is None:
                raise TokenRejected(403, "insufficient_scope", "openid scope required")
            account = await codes.active_account(account_id)
            if account is None:
                raise TokenRejected(401, "invalid_token", "account disabled")
        except TokenRejected as rejected:
            return JSONResponse({"error": rejected.error}, status_code=rejected.status,
                                headers={"WWW-Authenticate": rejected.www_authenticate()})
        user = ProviderUser.of(account, await assignments_of(account.id), account.created_at, ())
        return JSONResponse(user_claims(user, str(claims["scope"])), headers=NO_STORE)

    async def _enterprise_userinfo(self, claims: dict[str, Any]) -> Response:
        account_id = enterprise.account_id_of(str(claims.get("sub", "")))
        account = None if account_id is None else await enterprise.active_account(account_id)
        if account is None or "openid" not in str(claims.get("scope", "")).split():
            raise TokenRejected(401, "invalid_token", "account disabled")
        user = ProviderUser.for_enterprise(account, account.created_at, ())
        return JSONResponse(user_claims(user, str(claims["scope"])), headers=NO_STORE)

    async def end_session(self, request: Request) -> Response:
        """RP-initiated logout. The provider keeps no login session of its own, so this only
        sends the browser back to a post-logout address the client registered."""
        params = request.query_params
        target = params.get("post_logout_redirect_uri")
        client_id = params.get("client_id")
        hint = params.get("id_token_hint")
        if not client_id and hint:
            client_id = await self._client_of_id_token(hint)
        client = await self.load_client(client_id)
        if target and client and target in client.post_logout_redirect_uris:
            state = params.get("state")
            sep = "&" if "?" in target else "?"
            location = f"{target}{sep}{urlencode({'state': state})}" if state else target
            return RedirectResponse(location, status_code=302)
        return render(request, "oidc/logged_out.html")

    async def _client_of_id_token(self, id_token: str) -> str | None:
        from joserfc import jwt

        try:
            decoded = jwt.decode(id_token, self.config.signing_keys().private)
        except Exception:
            return None
        if decoded.claims.get("iss") != self.config.issuer:
            return None
        aud = decoded.claims.get("aud")
        return (aud[0] if isinstance(aud, list) and aud else aud) if aud else None
