"""The examples' demo client: a page that ``make run`` serves from another origin (its own port on 127.0.0.1), so the
browser treats every call to an API as cross-origin, as it would a front end calling API Gateway.

``GET /`` is ``index.html`` (an HTTP panel calling the HTTP and REST APIs with ``fetch``, the browser running the CORS
preflight and enforcing the answer; a chat panel for WebSocket APIs); ``GET /config.json`` lists the APIs of this run,
one URL per stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web

PAGE = Path(__file__).with_name("index.html")


def stage_urls(kind: str, base: str, stages: Iterable[str]) -> list[str]:
    """Where each stage is served: an HTTP API's ``$default`` stage at the root, every other stage under its name."""
    return [base if kind == "HTTP" and name == "$default" else f"{base}/{name}" for name in sorted(stages)]


def demo_application(apis: list[Mapping[str, Any]]) -> web.Application:
    """The demo site for ``apis``: ``{"kind", "name", "urls"}`` per API of the run."""

    async def page(request: web.Request) -> web.FileResponse:
        return web.FileResponse(PAGE, headers={"cache-control": "no-store"})

    async def config(request: web.Request) -> web.Response:
        return web.json_response({"apis": apis}, headers={"cache-control": "no-store"})

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/config.json", config)
    return app
