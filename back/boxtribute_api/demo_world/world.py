"""The demo world while it is built: the rows of every table, the history log, and the
seeded random sources every builder draws from."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import peewee

from ..models import ALL_MODELS

DEFAULT_SEED = 20240601
MODELS = {m.__name__: m for m in ALL_MODELS}


def as_datetime(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


@dataclass
class World:
    """Rows per model, written in dependency order at the end.

    Every random choice comes from `rng` or from `fake` (seeded with the same seed), so
    the builders run in a fixed order: that order is what makes a seed give the same
    rows every time."""

    seed: int
    rng: random.Random
    fake: Any  # faker.Faker
    rows: dict = field(default_factory=lambda: defaultdict(list))
    history: list = field(default_factory=list)  # (change_date, seq, row)
    next_ids: dict = field(default_factory=lambda: defaultdict(lambda: 1))

    @classmethod
    def seeded(cls, seed: int) -> World:
        # Imported here: only building a world needs it, and it is slow to import.
        from faker import Faker

        rng = random.Random(seed)
        fake = Faker("en_US")
        fake.seed_instance(seed)
        return cls(seed, rng, fake)

    def new_id(self, model_name: str) -> int:
        value = self.next_ids[model_name]
        self.next_ids[model_name] = value + 1
        return value

    def add(self, model_name: str, /, **values) -> dict:
        model = MODELS[model_name]
        if "id" not in values and isinstance(model._meta.primary_key, peewee.AutoField):
            values["id"] = self.new_id(model_name)
        self.rows[model].append(values)
        return values

    def rows_of(self, model_name: str) -> list[dict]:
        return self.rows[MODELS[model_name]]

    def log(self, table: str, record_id, changes: str, user_id, when, from_int=None, to_int=None):
        """A history row; ids are given at the end, in order of time."""
        row = dict(
            table_name=table,
            record_id=record_id,
            changes=changes,
            user=user_id,
            ip=None,
            change_date=when,
            from_int=from_int,
            to_int=to_int,
            from_float=None,
            to_float=None,
        )
        # The position breaks ties between changes made at the same moment.
        self.history.append((when, len(self.history) + 1, row))

    def moment(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        span = int((end - start).total_seconds())
        return start + datetime.timedelta(seconds=self.rng.randrange(span))

    def later(self, when: datetime.datetime, max_hours: float = 72) -> datetime.datetime:
        return when + datetime.timedelta(seconds=self.rng.randrange(60, int(max_hours * 3600)))
