"""Errors of the base domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError


@dataclass(frozen=True)
class DeletedBaseError(UserError):
    name: str
