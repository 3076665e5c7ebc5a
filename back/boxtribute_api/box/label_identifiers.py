"""Fresh, unique label identifiers for new boxes (random 8 digits, as the original)."""

from __future__ import annotations

import random
from typing import Any

import peewee

from ..db.routing import database
from .errors import (
    BoxCreationFailed,
    QrCodeAlreadyAssignedToBox,
)
from .models import Box

LABEL_IDENTIFIER_ATTEMPTS = 10


LABEL_IDENTIFIER_DIGITS = 8


_random = random.SystemRandom()


def new_label_identifier() -> str:
    """A random 8-digit label (leading zeros kept); uniqueness is the database's job."""
    return "".join(_random.choices("0123456789", k=LABEL_IDENTIFIER_DIGITS))


def insert_with_unique_label(row: dict, qr_id: int | None) -> int:
    """Insert under a fresh random label identifier; on a clash with an existing one
    (the unique key on stock.box_id, also across concurrent transactions) try again,
    up to 10 times, then fail as the original does."""
    for _ in range(LABEL_IDENTIFIER_ATTEMPTS):
        label_identifier = new_label_identifier()
        try:
            with database.atomic():  # a savepoint: a clash undoes only this insert
                return Box.insert(**row, label_identifier=label_identifier).execute()
        except peewee.IntegrityError as error:
            if qr_id is not None and _duplicate(error, qr_id, "qr_id"):
                raise QrCodeAlreadyAssignedToBox() from None
            if not _duplicate(error, label_identifier, "box_id"):
                raise
    raise BoxCreationFailed()


def _duplicate(error: peewee.IntegrityError, value: Any, key: str) -> bool:
    """Whether the error is a unique-key clash of `value` on the key over column
    `key` (named box_id_unique in the legacy schema, stock_box_id when created from
    the models)."""
    message = str(error)
    return f"Duplicate entry '{value}'" in message and key in message


def insert_boxes_with_unique_labels(rows: list[dict]) -> list[int]:
    """Insert the boxes (one statement per 500) under fresh label identifiers,
    distinct among themselves and unused in the database; a clash with a concurrent
    insert retries the batch. Returns the new ids in row order."""
    ids: list[int] = []
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        for _ in range(LABEL_IDENTIFIER_ATTEMPTS):
            labels = _fresh_labels(len(batch))
            try:
                with database.atomic():
                    labelled = [
                        {**row, "label_identifier": label}
                        for row, label in zip(batch, labels, strict=True)
                    ]
                    Box.insert_many(labelled).execute()
                break
            except peewee.IntegrityError as error:
                if not any(_duplicate(error, label, "box_id") for label in labels):
                    raise
        else:
            raise BoxCreationFailed()
        id_of = dict(
            Box.select(Box.label_identifier, Box.id)
            .where(Box.label_identifier.in_(labels))
            .tuples()
        )
        ids.extend(id_of[label] for label in labels)
    return ids


def _fresh_labels(count: int) -> list[str]:
    labels: set[str] = set()
    while len(labels) < count:
        labels.update(new_label_identifier() for _ in range(count - len(labels)))
        taken = {
            b.label_identifier
            for b in Box.select(Box.label_identifier).where(
                Box.label_identifier.in_(sorted(labels))
            )
        }
        labels -= taken
    return sorted(labels)
