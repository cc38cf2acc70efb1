"""The preview's HTTP side: a fixed set of routes, the Host check, the Build token, and the event stream.

The standard library's ThreadingHTTPServer is enough for one editor's browser (a
handful of requests per save) and adds no dependency. Only what the server renders
is ever sent: the page and its two static files (held in memory), the pages'
images and text, and the rendered file of a version; every other path is a 404
and no path is ever mapped onto the file system.
"""
from __future__ import annotations

import errno
import hmac
import html
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from briefing.serve import pipeline
from briefing.serve.session import Session

DEFAULT_PORT = 8642
PORTS_TRIED = 20  # after the default, the next ports; then any free port the system gives
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
MAX_CONNECTIONS = 32  # open at once (a browser uses a handful); more are closed at once, so threads stay bounded
REQUEST_TIMEOUT = 30.0  # seconds a connection may stay silent (a request sent byte by byte, an idle keep-alive)
STATIC = {"/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
          "/static/app.css": ("app.css", "text/css; charset=utf-8")}
PAGE = re.compile(r"/pages/([0-9]{1,9})/([0-9]{1,4})\.(png|json)")
FILE = re.compile(r"/file/([0-9]{1,9})")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one Session, with its token and the Host names it answers to."""

    daemon_threads = True
    # a restarted server gets its port back despite connections of the last one closing (TIME_WAIT);
    # on Linux and macOS this never lets two servers listen on one port; on Windows it would
    allow_reuse_address = os.name != "nt"

    def __init__(self, session: Session, host: str, port: int):
        super().__init__((host, port), Handler)
        self.session = session
        self.token = secrets.token_urlsafe(32)
        self.host = host
        self.port = self.server_address[1]
        self.files = {path: (_static(name), kind) for path, (name, kind) in STATIC.items()}
        self.index = _static("index.html").decode("utf-8")
        self.allowed = allowed_hosts(host, self.port)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):  # too many open connections: this one is closed unread
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except RuntimeError:  # no thread can be started: refuse this connection, keep serving the others
            self.slots.release()
            self.shutdown_request(request)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        pass  # a client's broken or timed-out connection is no problem of the editor's: never a traceback

    @property
    def url(self) -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '[::]') else host}:{self.port}/"

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._serving = True
        super().serve_forever(poll_interval)

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, the bench); return it."""
        self._serving = True
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                  name="briefing-http", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.session.close()  # ends the event streams first
        if getattr(self, "_serving", False):
            self.shutdown()
        self.server_close()


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """Return the Host header values the server answers (None: any IP address, for a wildcard bind).

    A browser sends the name it resolved in the Host header; refusing other names
    stops a page from another site reaching the server through DNS rebinding.
    """
    names = {host, "localhost", "127.0.0.1", "[::1]"} if is_loopback(host) else {host}
    if host in ("0.0.0.0", "::"):
        return None
    return {f"{n if ':' not in n or n.startswith('[') else f'[{n}]'}:{port}" for n in names}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_ok(header: str | None, allowed: set[str] | None, port: int) -> bool:
    if not header:
        return False
    header = header.strip().lower()
    if allowed is not None:
        return header in allowed
    name, _, got = header.rpartition(":")  # a wildcard bind: any IP address literal, on our port
    if got != str(port):
        return False
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        return name in ("localhost", socket.gethostname().lower())


class Handler(BaseHTTPRequestHandler):
    """One request: checked for its Host, routed by exact paths, answered with security headers."""

    server: PreviewServer
    server_version = "briefing-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = REQUEST_TIMEOUT

    def log_message(self, format, *args) -> None:
        pass

    # -- routing ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        session = self.server.session
        if path == "/":
            return self._index(query)
        if path in self.server.files:
            body, kind = self.server.files[path]
            return self._send(200, body, kind, cache="no-cache")
        if path == "/events":
            return self._events(session.view_key(_one(query, "lang"), _one(query, "format")))
        if path == "/api/state":
            view = session.view_key(_one(query, "lang"), _one(query, "format"))
            session.want(view)
            return self._json(200, session.snapshot(view))
        match = PAGE.fullmatch(path)
        if match:
            return self._page(int(match[1]), int(match[2]), match[3])
        match = FILE.fullmatch(path)
        if match:
            return self._file(int(match[1]))
        self._not_found()

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/api/build":
            self._drain()
            return self._not_found()
        self._drain()
        token = self.headers.get("X-Briefing-Token", "")
        if not hmac.compare_digest(token.encode(), self.server.token.encode()):
            return self._json(403, {"ok": False, "message": "this page's Build token is not valid: reload the page"})
        result = self.server.session.build()
        self._json(200 if result["ok"] else 409, result)

    def do_HEAD(self) -> None:
        self._send(405, b"", "text/plain", extra={"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD

    # -- answers ---------------------------------------------------------------------------

    def _index(self, query) -> None:
        session = self.server.session
        view = session.view_key(_one(query, "lang"), _one(query, "format"))
        config = json.dumps({"token": self.server.token, "view": view}).replace("<", "\\u003c")
        body = (self.server.index.replace("{{TITLE}}", html.escape(session.snapshot(view)["file"]))
                .replace("{{CONFIG}}", html.escape(config, quote=True)))
        self._send(200, body.encode("utf-8"), "text/html; charset=utf-8")

    def _page(self, vid: int, number: int, kind: str) -> None:
        version = self.server.session.version(vid)
        if version is None or not 1 <= number <= len(version.pdf):
            return self._not_found()
        try:
            if kind == "png":
                body, mime = version.pdf.png(number - 1), "image/png"
            else:
                body = json.dumps({"lines": version.pdf.text(number - 1)}, ensure_ascii=False).encode("utf-8")
                mime = "application/json; charset=utf-8"
        except IndexError:  # the version was let go while this request waited
            return self._not_found()
        self._send(200, body, mime, cache="private, max-age=31536000, immutable")

    def _file(self, vid: int) -> None:
        version = self.server.session.version(vid)
        if version is None:
            return self._not_found()
        try:
            body = version.rendered.read_bytes()
        except OSError:
            return self._not_found()
        name = version.rendered.name
        mime = "application/pdf" if name.endswith(".pdf") else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        self._send(200, body, mime, extra={"Content-Disposition": f'inline; filename="{name}"'})

    def _events(self, view: str) -> None:
        session = self.server.session
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        for key, value in SECURITY_HEADERS.items():
            self.send_header(key, value)
        self.end_headers()
        self.close_connection = True
        sent = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            with session.watch(view):
                while not session.closed:
                    state = session.snapshot(view)
                    body = json.dumps(state, ensure_ascii=False, sort_keys=True)
                    if body != sent:
                        self.wfile.write(f"event: state\ndata: {body}\n\n".encode())
                        sent = body
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    session.wait_change(state["changes"], HEARTBEAT)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _host_ok(self) -> bool:
        if host_ok(self.headers.get("Host"), self.server.allowed, self.server.port):
            return True
        self._drain()
        self._send(403, b"This server answers only to its own address.\n", "text/plain; charset=utf-8")
        return False

    def _not_found(self) -> None:
        self._send(404, b"Not found.\n", "text/plain; charset=utf-8")

    def _json(self, status: int, value) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str, cache: str = "no-store", extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for key, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _drain(self) -> None:
        """Read (and drop) a request body of up to 64 KiB, so the connection stays in step."""
        try:
            length = min(int(self.headers.get("Content-Length") or 0), 65536)
        except ValueError:
            length = 0
        if length > 0:
            self.rfile.read(length)


def _one(query: dict, key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None


def bind(session: Session, host: str, port: int | None) -> PreviewServer:
    """Return a server on `host` at `port`; with no port, the default or the next free one.

    Raises OSError when an asked port is taken.
    """
    if port is not None:
        return PreviewServer(session, host, port)
    for candidate in [*range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED), 0]:
        try:
            return PreviewServer(session, host, candidate)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
    raise OSError(errno.EADDRINUSE, "no free port")


def serve(file, *, langs: list[str] | None, formats: tuple[str, ...], brand: str | None, host: str,
          port: int | None, out, max_age: int, open_browser: bool = False, out_stream=None, err_stream=None) -> int:
    """Run `briefing serve` until interrupted (Ctrl+C or `kill`); return the exit status."""
    import sys

    out_stream, err_stream = out_stream or sys.stdout, err_stream or sys.stderr
    if not Path(file).is_file():  # a typo in the name: say so now rather than serve a page of one problem
        raise pipeline.UsageError(f"no file {pipeline.display_path(Path(file))}",
                                  hint="give the region or edition file to preview, e.g. data/qiantang.yaml")

    def stop(signum, frame):  # `kill` stops the server as Ctrl+C does, removing its temporary files
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main else None
    try:
        return _serve(file, langs, formats, brand, host, port, out, max_age, open_browser, out_stream, err_stream)
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)


def _serve(file, langs, formats, brand, host, port, out, max_age, open_browser, out_stream, err_stream) -> int:
    import webbrowser

    session = Session(file, brand=brand, langs=langs, formats=formats, out=out, max_age=max_age)
    try:
        with session.cond:
            session.cond.wait_for(lambda: session.checked_rev != 0, 60)
            checked = session.checked
        if langs and checked is not None and checked.ok:
            pipeline.wanted_languages(file, checked.region, checked.edition, langs)
        try:
            server = bind(session, host, port)
        except OSError as exc:
            raise pipeline.UsageError(f"cannot listen on {host}:{port or DEFAULT_PORT}: {exc.strerror or exc}",
                                      hint="choose another port with --port, or leave --port out to take a "
                                      "free one") from None
    except BaseException:
        session.close()
        raise
    try:
        if not is_loopback(host):
            print(f"warning: serving on {host}, not only this computer: anyone who can reach it on the network "
                  "can read the briefing and press Build", file=err_stream)
        print(f"Previewing {pipeline.display_path(file)} at {server.url}  (Ctrl+C to stop)", file=out_stream,
              flush=True)
        if open_browser:
            webbrowser.open(server.url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", file=out_stream)
    finally:
        server.close()
    return 0
