"""A small OpenID Connect provider playing Auth0 for the web app.

auth0-spa-js (the app's `@auth0/auth0-react`) reads the discovery document, sends the
browser to `/authorize` (authorization code with PKCE, state and nonce; `prompt=none`
with `response_mode=web_message` in a hidden iframe for silent renewal), exchanges the
code at `/oauth/token` and logs out at `/v2/logout`. The back-end fetches the signing
key from `/.well-known/jwks.json` (AUTH0_URL points here).

Who logs in: the `e2e_user` cookie of this provider's origin names a user of
`users` (a test sets it on its browser context); without it `/authorize` shows a
form listing them (interactive login) or answers `login_required` (silent renewal).
The id token carries the user's https://www.boxtribute.com/ claims, which the app
reads (roles, actions, base ids, beta level); the access token carries the claims
the back-end verifies, signed RS256 for issuer `https://<AUTH0_DOMAIN>/`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization

KEY_ID = "boxtribute-e2e"
USER_COOKIE = "e2e_user"
TOKEN_LIFETIME = 3600


@dataclass(frozen=True)
class Grant:
    user: str
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str
    audience: str | None
    expires: float


class IdentityProvider:
    """`users`: login name -> (id token claims, access token claims), both without
    the registered claims (iss, aud, iat, exp), which are added here."""

    def __init__(
        self,
        private_pem: str,
        users: Callable[[], Mapping[str, tuple[dict, dict]]],
        *,
        client_id: str,
        api_issuer: str,
        api_audience: str,
        host: str = "localhost",
    ):
        self._key = serialization.load_pem_private_key(private_pem.encode(), password=None)
        self._users = users
        self.client_id = client_id
        self.api_issuer = api_issuer
        self.api_audience = api_audience
        self._grants: dict[str, Grant] = {}
        self._lock = threading.Lock()
        self.log: list[str] = []  # one line per request: what the app asked for
        provider = self

        class Handler(_Handler):
            idp = provider

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        # The browser's address of this provider (a secure context: localhost).
        self.url = f"http://{host}:{self.port}"
        # The back-end's address of it (JWKS).
        self.local_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> IdentityProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- tokens ---------------------------------------------------------------------

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    def _sign(self, claims: dict) -> str:
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": KEY_ID})

    def tokens_for(self, grant: Grant) -> dict:
        id_claims, access_claims = self._users()[grant.user]
        now = int(time.time())
        id_token = {
            **id_claims,
            "iss": f"{self.url}/",
            "aud": self.client_id,
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
        }
        if grant.nonce:
            id_token["nonce"] = grant.nonce
        access_token = {
            **access_claims,
            "iss": self.api_issuer,
            "aud": [self.api_audience, f"{self.url}/userinfo"],
            "azp": self.client_id,
            "scope": "openid profile email",
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
        }
        return {
            "access_token": self._sign(access_token),
            "id_token": self._sign(id_token),
            "scope": "openid profile email",
            "expires_in": TOKEN_LIFETIME,
            "token_type": "Bearer",
        }

    def issue_code(self, grant: Grant) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = grant
        return code

    def redeem(self, code: str, verifier: str, redirect_uri: str, client_id: str) -> Grant | None:
        with self._lock:
            grant = self._grants.pop(code, None)
        if grant is None or grant.expires < time.time():
            return None
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != grant.code_challenge:
            return None
        if redirect_uri != grant.redirect_uri or client_id != grant.client_id:
            return None
        return grant

    def discovery(self) -> dict:
        return {
            "issuer": f"{self.url}/",
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/oauth/token",
            "jwks_uri": f"{self.url}/.well-known/jwks.json",
            "end_session_endpoint": f"{self.url}/v2/logout",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query", "web_message"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
        }


class _Handler(BaseHTTPRequestHandler):
    idp: IdentityProvider
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet: the test's own log says enough
        pass

    # --- plumbing -------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        origin = self.headers.get("Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Credentials", "true")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _redirect(self, location: str, headers=()) -> None:
        self._send(302, b"", "text/plain", [("Location", location), *headers])

    def _user(self) -> str | None:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        name = cookie[USER_COOKIE].value if USER_COOKIE in cookie else None
        return name if name in self.idp._users() else None

    # --- endpoints ------------------------------------------------------------------

    def do_OPTIONS(self) -> None:
        self._send(
            204,
            b"",
            "text/plain",
            [
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                (
                    "Access-Control-Allow-Headers",
                    self.headers.get("Access-Control-Request-Headers", "*"),
                ),
            ],
        )

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.idp.log.append(f"GET {url.path} {query.get('prompt', '')}".strip())
        if url.path == "/.well-known/openid-configuration":
            self._json(200, self.idp.discovery())
        elif url.path == "/.well-known/jwks.json":
            self._json(200, self.idp.jwks())
        elif url.path == "/authorize":
            self._authorize(query)
        elif url.path == "/login":
            # The form's choice: remember the user, then authorize again.
            user = query.pop("user", "")
            cookie = f"{USER_COOKIE}={user}; Path=/; SameSite=Lax"
            self._redirect(f"/authorize?{urllib.parse.urlencode(query)}", [("Set-Cookie", cookie)])
        elif url.path == "/v2/logout":
            target = query.get("returnTo") or f"{self.idp.url}/"
            expired = f"{USER_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax"
            self._redirect(target, [("Set-Cookie", expired)])
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        self.idp.log.append(f"POST {url.path}")
        if url.path != "/oauth/token":
            self._json(404, {"error": "not_found"})
            return
        if "json" in (self.headers.get("Content-Type") or ""):
            form = json.loads(raw or "{}")
        else:
            form = dict(urllib.parse.parse_qsl(raw))
        if form.get("grant_type") != "authorization_code":
            self._json(400, {"error": "unsupported_grant_type"})
            return
        grant = self.idp.redeem(
            form.get("code", ""),
            form.get("code_verifier", ""),
            form.get("redirect_uri", ""),
            form.get("client_id", ""),
        )
        if grant is None:
            self._json(403, {"error": "invalid_grant", "error_description": "Invalid code"})
            return
        self._json(200, self.idp.tokens_for(grant))

    def _authorize(self, query: dict) -> None:
        redirect_uri = query.get("redirect_uri", "")
        web_message = query.get("response_mode") == "web_message"
        state = query.get("state", "")
        if query.get("client_id") != self.idp.client_id or not redirect_uri:
            self._json(400, {"error": "invalid_request"})
            return
        user = self._user()
        if user is None:
            if query.get("prompt") == "none":
                self._answer(redirect_uri, web_message, {"error": "login_required", "state": state})
            else:
                self._login_form(query)
            return
        grant = Grant(
            user=user,
            client_id=query["client_id"],
            redirect_uri=redirect_uri,
            nonce=query.get("nonce"),
            code_challenge=query.get("code_challenge", ""),
            audience=query.get("audience"),
            expires=time.time() + 60,
        )
        code = self.idp.issue_code(grant)
        self._answer(redirect_uri, web_message, {"code": code, "state": state})

    def _answer(self, redirect_uri: str, web_message: bool, response: dict) -> None:
        if not web_message:
            separator = "&" if "?" in redirect_uri else "?"
            self._redirect(f"{redirect_uri}{separator}{urllib.parse.urlencode(response)}")
            return
        # Silent renewal: the hidden iframe posts the answer to the app's window.
        target = urllib.parse.urlsplit(redirect_uri)
        origin = f"{target.scheme}://{target.netloc}"
        message = json.dumps({"type": "authorization_response", "response": response})
        page = (
            "<!doctype html><html><body><script>"
            f"window.parent.postMessage({message}, {json.dumps(origin)});"
            "</script></body></html>"
        )
        self._send(200, page.encode(), "text/html; charset=utf-8")

    def _login_form(self, query: dict) -> None:
        links = "".join(
            f'<li><a href="/login?{html.escape(urllib.parse.urlencode({**query, "user": name}))}">'
            f"{html.escape(name)}</a></li>"
            for name in self.idp._users()
        )
        page = f"<!doctype html><html><body><h1>Log in as</h1><ul>{links}</ul></body></html>"
        self._send(200, page.encode(), "text/html; charset=utf-8")
