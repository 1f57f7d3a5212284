"""A tiny no-JS browser for login flows: follows redirects, reads and submits forms.

``base`` requests go to the app in-process (httpx ASGITransport); any other origin (a real
identity provider started by a test) goes over the network. Cookies are kept per origin by
httpx's jar, as a browser would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin

import httpx

BASE = "http://127.0.0.1:8000"
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_INPUT = re.compile(r"<input\b([^>]*)>", re.I)
_ATTR = re.compile(r'([a-zA-Z_:-]+)\s*=\s*"([^"]*)"')
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
_OPTION = re.compile(r"<option\b([^>]*)>", re.I)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str]


def forms(html: str, page_url: str) -> list[Form]:
    out = []
    for attrs, body in _FORM.findall(html):
        a = dict(_ATTR.findall(attrs))
        fields = {}
        for inp in _INPUT.findall(body):
            ia = dict(_ATTR.findall(inp))
            if "name" in ia and ia.get("type") not in ("checkbox", "submit"):
                fields[unescape(ia["name"])] = unescape(ia.get("value", ""))
        for select_attrs, options in _SELECT.findall(body):
            name = dict(_ATTR.findall(select_attrs)).get("name")
            choices = [(o, dict(_ATTR.findall(o))) for o in _OPTION.findall(options)]
            chosen = [a for raw, a in choices if re.search(r"\bselected\b", raw)] or [a for _, a in choices[:1]]
            if name and chosen:
                fields[unescape(name)] = unescape(chosen[0].get("value", ""))
        out.append(Form(urljoin(page_url, unescape(a.get("action", page_url))),
                        a.get("method", "get").lower(), fields))
    return out


def make_client(app: object, base: str = BASE) -> httpx.AsyncClient:
    """One client: the app for ``base``, the real network for everything else."""
    mounts = {base: httpx.ASGITransport(app=app, raise_app_exceptions=False),  # type: ignore[arg-type]
              "all://": httpx.AsyncHTTPTransport()}
    return httpx.AsyncClient(mounts=mounts, base_url=base, timeout=30)


async def follow(client: httpx.AsyncClient, response: httpx.Response, limit: int = 10) -> httpx.Response:
    """Follow redirects by hand (so tests can stop at any hop)."""
    for _ in range(limit):
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        location = urljoin(str(response.url), response.headers["location"])
        response = await client.get(location)
    raise AssertionError("too many redirects")


async def submit(client: httpx.AsyncClient, page: httpx.Response, values: dict[str, str],
                 index: int = 0) -> httpx.Response:
    form = forms(page.text, str(page.url))[index]
    data = {**form.fields, **values}
    if form.method == "post":
        return await client.post(form.action, data=data)
    return await client.get(form.action, params=data)


async def login(client: httpx.AsyncClient, username: str, totp: str = "",
                start: str = "/backoffice/", password: str = "correct-horse-battery") -> httpx.Response:
    """Log in through the built-in provider's form; returns the page landed on."""
    page = await follow(client, await client.get(start))
    assert "/oidc/authorize" in str(page.url) and page.status_code == 200, page.text
    return await follow(client, await submit(client, page, {
        "username": username, "password": password, "totp": totp}))
