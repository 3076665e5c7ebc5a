"""Errors of the link domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import UserError


@dataclass(frozen=True)
class UnknownLinkError(UserError):
    code: str


@dataclass(frozen=True)
class ExpiredLinkError(UserError):
    valid_until: Any


@dataclass(frozen=True)
class InvalidDateError(UserError):
    date: Any
