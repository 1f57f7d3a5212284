"""Logging in to the back office: an OpenID Connect client (authlib) of the configured issuer.

Authorization code flow with PKCE (S256) and a nonce; the ID token is verified (signature,
issuer, audience, expiry, nonce), userinfo is fetched (some providers only put names and roles
there) and must name the same subject. Roles and departments are mapped from the claims
(portal.identity.principals). With the built-in provider the client talks to it in-process.
"""

from __future__ import annotations

import logging

import httpx2
from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Router
from starlette.types import ASGIApp
from tortoise.transactions import in_transaction

from backoffice import csrf, session
from backoffice.config import BACKOFFICE, PROVIDER, IdentityConfig
from backoffice.rendering import render
from portal.core import audit
from portal.core.policies import staff_actor
from portal.identity.principals import account_id_of, assignments_from_claims

log = logging.getLogger(__name__)


def safe_next(value: object) -> str:
    """Only paths inside the back office: never an open redirect."""
    text = str(value or "")
    if text.startswith(BACKOFFICE + "/") and not text.startswith("//") and "\\" not in text:
        return text
    return BACKOFFICE + "/"


class OIDCLogin:
    def __init__(self, config: IdentityConfig, provider_asgi: ASGIApp | None) -> None:
        self.config = config
        kwargs: dict[str, object] = {"scope": config.scope, "code_challenge_method": "S256",
                                     "timeout": 15}
        if provider_asgi is not None:  # the built-in provider: in-process, no network
            kwargs["transport"] = httpx2.ASGITransport(
                app=Router(routes=[Mount(PROVIDER, app=provider_asgi)])
            )
        oauth = OAuth()
        oauth.register("portal", client_id=config.client_id, client_secret=config.client_secret,
                       server_metadata_url=config.metadata_url, client_kwargs=kwargs)
        client = oauth.create_client("portal")
        assert isinstance(client, StarletteOAuth2App)
        self.client = client

    async def login(self, request: Request) -> Response:
        if await session.current_actor(request, self.config):
            return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
        request.session["next"] = safe_next(request.query_params.get("next"))
        try:
            response: Response = await self.client.authorize_redirect(request, self.config.redirect_uri)
        except (httpx2.HTTPError, OAuthError, RuntimeError, ValueError) as error:
            log.warning("identity provider unavailable: %s", error)
            return render(request, "login_error.html", {"unavailable": True}, status_code=502)
        return response

    async def callback(self, request: Request) -> Response:
        next_url = safe_next(request.session.get("next"))
        returned_issuer = request.query_params.get("iss")  # RFC 9207: mix-up defence
        try:
            if returned_issuer is not None and returned_issuer != self.config.issuer:
                raise OAuthError(description="the response comes from another issuer")
            token = await self.client.authorize_access_token(request)
            id_claims = token.get("userinfo")
            if not id_claims:
                raise OAuthError(description="the provider returned no verified ID token")
            info = await self.client.userinfo(token=token)
            if info.get("sub") != id_claims.get("sub"):
                raise OAuthError(description="userinfo subject differs from the ID token")
        except (OAuthError, JoseError, httpx2.HTTPError, KeyError, ValueError) as error:
            log.info("login failed: %s", error)
            return render(request, "login_error.html", {}, status_code=400)
        claims = {**id_claims, **info}
        subject = str(claims["sub"])
        builtin = self.config.builtin and account_id_of(subject) is not None
        actor_id = subject if builtin else f"oidc:{subject}"[:100]
        name = str(claims.get("name") or claims.get("preferred_username") or subject)
        held = await assignments_from_claims(claims.get(self.config.roles_claim),
                                             claims.get(self.config.departments_claim),
                                             self.config.role_map)
        session.start(request, actor_id=actor_id, name=name, issuer=self.config.issuer,
                      builtin=builtin, assignments=held, id_token=token.get("id_token"))
        async with in_transaction() as conn:
            await audit.record(conn, staff_actor(actor_id, name, held), "session.login",
                               "session", actor_id, after={"issuer": self.config.issuer,
                                                           "amr": claims.get("amr")})
        return RedirectResponse(next_url, status_code=303)

    async def logout(self, request: Request) -> Response:
        await csrf.checked_form(request, self.config.origin)
        id_token = session.end(request)
        try:
            response: Response = await self.client.logout_redirect(
                request, post_logout_redirect_uri=self.config.post_logout_redirect_uri,
                id_token_hint=id_token, client_id=self.config.client_id,
            )
            response.status_code = 303
            return response
        except (httpx2.HTTPError, RuntimeError, OAuthError):
            return RedirectResponse(self.config.post_logout_redirect_uri, status_code=303)

    async def logged_out(self, request: Request) -> Response:
        if request.query_params.get("state"):
            try:
                await self.client.validate_logout_response(request)
            except OAuthError:
                pass
        return render(request, "logged_out.html")
