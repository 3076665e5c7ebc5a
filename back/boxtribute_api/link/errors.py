"""Errors of the link domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import INTERNAL_SERVER_ERROR, StatedError, UserError


class LinkWithoutExpiry(StatedError):
    """A link row without valid_until (never written by createShareableLink). The
    original fails on it with Python's text; neither shows the view."""

    code = INTERNAL_SERVER_ERROR
    description = "This link has no expiry date and cannot be resolved."


@dataclass(frozen=True)
class UnknownLinkError(UserError):
    code: str


@dataclass(frozen=True)
class ExpiredLinkError(UserError):
    valid_until: Any


@dataclass(frozen=True)
class InvalidDateError(UserError):
    date: Any
