"""Reading the errors of a GraphQL answer."""

from __future__ import annotations

FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


def error_codes(response: dict) -> list[tuple]:
    """(path, extensions.code) of each error: how answers are compared with errors."""
    return [
        (tuple(e.get("path") or ()), (e.get("extensions") or {}).get("code"))
        for e in response.get("errors", [])
    ]


def codes(response: dict) -> list[str]:
    """extensions.code of each error."""
    return [code for _, code in error_codes(response)]


def error_description(response: dict) -> str:
    """extensions.description of the first error."""
    return response["errors"][0]["extensions"]["description"]
