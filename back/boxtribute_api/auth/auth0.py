"""Asking Auth0 for an access token with a username and password (the resource-owner
password grant), for the query API's POST /token: partners' scripts log in there."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from ..config import Settings

TIMEOUT_SECONDS = 10


def request_token(settings: Settings, username: str, password: str) -> tuple[bool, dict[str, Any]]:
    """(whether Auth0 issued a token, its answer). A refusal answers Auth0's own error
    body (e.g. {"error": "invalid_grant", "error_description": ...}); an unreachable
    Auth0 {"error": <reason>}, as the original."""
    body = json.dumps(
        {
            "client_id": settings.auth0_client_id,
            "client_secret": settings.auth0_client_secret,
            "grant_type": "password",
            "audience": settings.auth0_audience,
            "username": username,
            "password": password,
        }
    ).encode()
    request = urllib.request.Request(
        f"{settings.auth0_url}/oauth/token", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        answer = _error_body(error)
    except (urllib.error.URLError, TimeoutError) as error:
        answer = {"error": str(getattr(error, "reason", error))}
    except ValueError:
        answer = {"error": "Auth0 answered something that is not JSON"}
    return "error" not in answer, answer


def _error_body(error: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        answer = json.loads(error.read())
    except ValueError:
        answer = None
    if isinstance(answer, dict) and "error" in answer:
        return answer
    return {"error": error.reason}
