"""Enterprise login through the built-in OpenID provider (the embedded default).

The enterprise area is an OpenID Connect client of the portal's own provider, exactly like the
back office: authorization code with PKCE (S256) and a nonce, ID token verified, userinfo read
and its subject checked, in-process (no network). The provider authenticates enterprise users
(``portal.enterprise_accounts``: Argon2id, lockout, audit) and names them
``enterprise-account:<id>``; the session then holds that account id.

With an external issuer configured (``PORTAL_OIDC_ISSUER``) the built-in provider is not
mounted: :class:`EnterpriseLogin` is not used and /my/login shows the portal's own password form
(docs/credit-repair.md, "Limits").
"""

from __future__ import annotations

import logging

import httpx2
from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Router
from starlette.types import ASGIApp

from portal.enterprise_accounts import oidc
from public_site.rendering import render

log = logging.getLogger(__name__)
PROVIDER_PATH = "/oidc"


class EnterpriseLogin:
    def __init__(self, base_url: str, secret_key: str, provider: ASGIApp) -> None:
        self.base_url = base_url
        self.issuer = base_url + PROVIDER_PATH
        transport = httpx2.ASGITransport(app=Router(routes=[Mount(PROVIDER_PATH, app=provider)]))
        oauth = OAuth()
        oauth.register("enterprise", client_id=oidc.CLIENT_ID,
                       client_secret=oidc.client_secret(secret_key),
                       server_metadata_url=f"{self.issuer}/.well-known/openid-configuration",
                       client_kwargs={"scope": oidc.SCOPE, "code_challenge_method": "S256",
                                      "timeout": 15, "transport": transport})
        client = oauth.create_client("enterprise")
        assert isinstance(client, StarletteOAuth2App)
        self.client = client

    async def redirect(self, request: Request) -> Response:
        try:
            response: Response = await self.client.authorize_redirect(
                request, self.base_url + oidc.CALLBACK_PATH)
        except (httpx2.HTTPError, OAuthError, RuntimeError, ValueError) as error:
            log.warning("identity provider unavailable: %s", error)
            return render(request, "my/error.html", {"status": 502, "message":
                          "登录服务暂时不可用，请稍后再试。"}, status_code=502)
        return response

    async def account_id(self, request: Request) -> int | None:
        """The enterprise account the provider vouched for, or None (a failed or forged login)."""
        if request.query_params.get("iss") not in (None, self.issuer):
            return None
        try:
            token = await self.client.authorize_access_token(request)
            id_claims = token.get("userinfo")
            if not id_claims:
                return None
            info = await self.client.userinfo(token=token)
        except (OAuthError, JoseError, httpx2.HTTPError, KeyError, ValueError) as error:
            log.info("enterprise login failed: %s", error)
            return None
        if info.get("sub") != id_claims.get("sub"):
            return None
        return oidc.account_id_of(str(id_claims.get("sub", "")))
