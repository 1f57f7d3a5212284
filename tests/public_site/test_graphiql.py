from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from public_site.routes import STATIC_DIR
from tests.public_site.markup import parse, problems

pytestmark = pytest.mark.anyio

VENDOR = Path(STATIC_DIR) / "vendor" / "graphiql"


async def test_graphiql_page_uses_only_local_static_files(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphiql")

    assert response.status_code == 200
    page = parse(response)
    assert problems(page) == []
    scripts = [s.attrs.get("src", "") for s in page.all("script")]
    styles = [s.attrs["href"] for s in page.all("link") if s.attrs.get("rel") == "stylesheet"]
    assert scripts == [
        "/static/vendor/graphiql/react.production.min.js",
        "/static/vendor/graphiql/react-dom.production.min.js",
        "/static/vendor/graphiql/graphiql.min.js",
        "/static/graphiql-init.js",
    ]
    assert "/static/vendor/graphiql/graphiql.min.css" in styles
    for url in scripts + styles:
        assert url.startswith("/static/"), url
        served = await client.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 1000 or url.endswith("init.js")
    assert "http://" not in " ".join(scripts + styles) and "https://" not in " ".join(scripts)
    mount = page.by_id("graphiql")
    assert mount is not None and mount.attrs["data-endpoint"] == "/graphql"
    assert "penalties(first: 5)" in mount.attrs["data-default-query"]


async def test_graphiql_csp_allows_its_data_fonts_but_no_inline_script(
    client: httpx.AsyncClient,
) -> None:
    csp = (await client.get("/graphiql")).headers["content-security-policy"]
    assert "font-src 'self' data:" in csp
    assert "script-src 'self';" in csp and "unsafe" not in csp
    other = (await client.get("/")).headers["content-security-policy"]
    assert "font-src 'self';" in other and "data:" not in other.split("font-src")[1].split(";")[0]


async def test_init_script_points_graphiql_at_the_endpoint(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/graphiql-init.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert "createFetcher" in response.text and "data-endpoint" in response.text


def test_vendored_files_are_versioned_and_have_no_remote_loads() -> None:
    versions = (VENDOR / "VERSIONS.txt").read_text(encoding="utf-8")
    for name, version in (("graphiql", "3.9.0"), ("react", "18.3.1"), ("react-dom", "18.3.1")):
        assert f"{name}  " in versions and version in versions
    assert "MIT" in versions
    files = sorted(p.name for p in VENDOR.iterdir())
    assert files == ["VERSIONS.txt", "graphiql.min.css", "graphiql.min.js",
                     "react-dom.production.min.js", "react.production.min.js"]
    css = (VENDOR / "graphiql.min.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(http" not in css


async def test_graphql_endpoint_answers_the_default_query(client: httpx.AsyncClient) -> None:
    page = parse(await client.get("/graphiql"))
    query = page.by_id("graphiql").attrs["data-default-query"]  # type: ignore[union-attr]
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    assert response.json()["data"]["penalties"] == {"totalCount": 0, "nodes": []}
