"""The web app's production build served from a local HTTP server, its two placeholders
replaced: where the GraphQL API is and where the identity provider is.

The build lives in ../shared/frontend-build (README "The frontend end to end"); it is
reference material and never copied into the repository.
"""

from __future__ import annotations

import mimetypes
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GRAPHQL_PLACEHOLDER = b"__E2E_GRAPHQL_SERVER__"
AUTH0_PLACEHOLDER = b"__E2E_AUTH0_DOMAIN__"
# Fixed when the build was made.
CLIENT_ID = "e2e-client"
AUDIENCE = "boxtribute-e2e-api"
TEXT_SUFFIXES = (".js", ".html", ".mjs")


def frontend_build_dir() -> Path:
    """BOXTRIBUTE_FRONTEND_BUILD, else the first shared/frontend-build beside the
    repository or further up (a git worktree finds its main checkout's)."""
    configured = os.environ.get("BOXTRIBUTE_FRONTEND_BUILD")
    if configured:
        return Path(configured)
    for ancestor in REPO.parents:
        candidate = ancestor / "shared" / "frontend-build"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "frontend-build"


class FrontendServer:
    """Serves `dist/` like a single-page app host: known files as they are (scripts
    and pages with the placeholders replaced), any other path gets index.html."""

    def __init__(self, dist: Path, *, auth0_domain: str, port: int = 0):
        self.dist = dist.resolve()
        self._replacements = {AUTH0_PLACEHOLDER: auth0_domain.encode()}
        self._cache: dict[Path, bytes] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(_Handler):
            frontend = server

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://localhost:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FrontendServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def point_at(self, graphql_url: str) -> None:
        """Where the app sends its GraphQL requests (known once the API listens)."""
        with self._lock:
            self._replacements[GRAPHQL_PLACEHOLDER] = graphql_url.encode()
            self._cache.clear()

    def content(self, url_path: str) -> tuple[bytes, str]:
        relative = url_path.split("?", 1)[0].lstrip("/")
        path = (self.dist / relative).resolve()
        if not path.is_file() or self.dist not in path.parents:
            path = self.dist / "index.html"
        with self._lock:
            body = self._cache.get(path)
            if body is None:
                body = path.read_bytes()
                if path.suffix in TEXT_SUFFIXES:
                    for placeholder, value in self._replacements.items():
                        body = body.replace(placeholder, value)
                self._cache[path] = body
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".js", ".mjs"):
            kind = "text/javascript"
        return body, kind


class _Handler(BaseHTTPRequestHandler):
    frontend: FrontendServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        body, kind = self.frontend.content(self.path)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
