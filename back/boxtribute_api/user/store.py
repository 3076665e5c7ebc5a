"""Data access for users (table cms_users): plain synchronous peewee functions."""

from __future__ import annotations

from ..db.queries import row_by_id, rows_by_id
from .models import User


def users_by_id(ids: list[int]) -> dict[int, User]:
    return rows_by_id(User, ids)


def user_by_id(user_id: int) -> User | None:
    return row_by_id(User, user_id)


def all_users() -> list[User]:
    return list(User.select().order_by(User.id))
