"""Authentication failures: the request carries no acceptable token."""

from __future__ import annotations


class AuthenticationFailed(Exception):
    """The request carries no acceptable token. `error` is the JSON response body."""

    def __init__(
        self, code: str, description: str, *, message: str | None = None, status_code: int = 401
    ) -> None:
        super().__init__(f"{code}: {description}")
        self.error: dict[str, str] = {"code": code, "description": description}
        if message is not None:
            self.error["message"] = message
        self.status_code = status_code


def auth_error_response(exc: AuthenticationFailed) -> tuple[dict[str, str], int]:
    """JSON body and HTTP status for an authentication failure."""
    return dict(exc.error), exc.status_code
