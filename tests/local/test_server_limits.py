"""The local gateway's listener: a client dribbling its headers is cut off, a body that stops halfway is answered
408 and closed, complete requests are served as before; binding beyond loopback is warned about."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from aiohttp import web

from apigwkit.local import __main__ as local_main
from apigwkit.local.server import bind_warning, listen

HEADER_TIMEOUT = 0.3
BODY_TIMEOUT = 0.3


@pytest.fixture(scope="module")
def address() -> Iterator[tuple[str, int]]:
    """An echo app behind the gateway's listener, on its own event loop."""

    async def echo(request: web.Request) -> web.Response:
        return web.Response(body=await request.read())

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", echo)
    loop = asyncio.new_event_loop()
    ready, stop = threading.Event(), asyncio.Event()
    found: list[tuple[str, int]] = []

    async def main() -> None:
        runner = await listen(app, "127.0.0.1", 0, header_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT)
        found.append(runner.addresses[0][:2])
        ready.set()
        await stop.wait()
        await runner.cleanup()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield found[0]
    loop.call_soon_threadsafe(stop.set)
    thread.join(10)
    loop.close()


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=5)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_a_client_dribbling_its_headers_is_disconnected(address):
    with connect(address) as sock:
        sock.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        closed = False
        for n in range(200):  # one header line every 20 ms: each arrives well within any per-read timeout
            try:
                sock.sendall(f"X-Drip-{n}: y\r\n".encode())
            except OSError:
                closed = True
                break
            sock.settimeout(0.02)
            try:
                if sock.recv(1) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
        elapsed = time.monotonic() - started
    assert closed, "the connection was still open after 4 s of dribbled headers"
    assert elapsed < HEADER_TIMEOUT + 1.5


def test_a_body_that_stops_halfway_is_answered_408_and_closed(address):
    with connect(address) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + b"a" * 10)
        started = time.monotonic()
        answer = read_all(sock)
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'{"message": "Request Timeout"}' in answer
    assert BODY_TIMEOUT - 0.05 < elapsed < BODY_TIMEOUT + 1.5


def test_complete_requests_are_served_and_the_connection_kept(address):
    with connect(address) as sock:
        for body in (b"first", b"second"):
            request = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            sock.sendall(request)
            answer = b""
            while not answer.endswith(body):
                answer += sock.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_binds_are_not_warned_about(host):
    assert bind_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "my-laptop.local"])
def test_other_binds_are_warned_about(host):
    assert f"serving on {host}, not on a loopback address" in bind_warning(host)


def test_the_command_warns_before_anything_else(capsys):
    assert local_main.main(["no/such/example", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.index("warning: serving on 0.0.0.0") < err.index("is not an example")
