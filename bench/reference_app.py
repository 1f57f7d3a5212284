"""The bare reference: a tiny Starlette app returning precomputed bodies, no database, no GraphQL.

`python -m bench.reference_app --port P --workers W` serves it with the same uvicorn settings as
`portal serve` (httptools/uvloop when installed, no access log, proxy headers). The bodies file
(env ``BENCH_REF_BODIES``) maps a scenario name to ``{"content_type": ..., "body": ...}``; the
route reads the request body like the real endpoint must, then returns the stored bytes.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


def make_app(bodies_file: str) -> Starlette:
    spec = json.loads(Path(bodies_file).read_text(encoding="utf-8"))
    bodies = {name: (item["body"].encode(), item["content_type"]) for name, item in spec.items()}

    async def endpoint(request: Request) -> Response:
        await request.body()
        body, content_type = bodies[request.path_params["name"]]
        return Response(body, headers={"content-type": content_type})

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[
        Route("/health", health),
        Route("/ref/{name}", endpoint, methods=["GET", "POST"]),
        Route("/ref/{name}/{tail:path}", endpoint, methods=["GET", "POST"]),
    ])


def __getattr__(name: str) -> Starlette:  # `bench.reference_app:app`, built in each worker
    if name == "app":
        return make_app(os.environ["BENCH_REF_BODIES"])
    raise AttributeError(name)


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(  # the same settings as portal.cli.serve
        "bench.reference_app:app", host=args.host, port=args.port, workers=args.workers,
        log_level="info", access_log=False, proxy_headers=True,
    )


if __name__ == "__main__":
    main()
