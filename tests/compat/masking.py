"""Masking what is random or depends on the time of the request.

Only two kinds of values are masked:
* "now": a date-time within a few minutes of the case's requests (in responses as
  ISO 8601, in database rows as 'YYYY-MM-DD HH:MM:SS') becomes "<now>"; a date equal
  to the day of the request becomes "<today>". A NULL where the original wrote "now"
  (or the reverse) is therefore still a difference; a column updated from one "now"
  to another (two steps in different seconds) is no change (runner.drop_now_to_now).
  A shipment's label identifier (S042-230815-THxLE) of a shipment started on the day
  of the request has "<today>" for its date part. A date-time as far after the
  requests as a default validity (a shareable link's week) becomes "<now + 1 week>".
* generated values: the random label identifier of a new box (stock.box_id), the
  code of a new QR code (qr.code), the random colour of a tag created without one
  (tags.color) and the code of a new shareable link (shareable_link.code). Each
  distinct value becomes "<generated N>", numbered in the order the rows were
  inserted (step, table, primary key), and every occurrence is
  replaced, inside longer strings too (history texts). The same value appearing in
  several places is thus still checked to be the same value.
Ids of new rows are not masked: every case starts from the pristine seed with its
AUTO_INCREMENT values, so they are deterministic.
"""

from __future__ import annotations

import datetime
import json
import re

NOW_SLACK = datetime.timedelta(minutes=5)

# (table, column) of inserted rows whose values are generated at random.
GENERATED_COLUMNS = (
    ("stock", "box_id"),
    ("qr", "code"),
    ("tags", "color"),
    ("shareable_link", "code"),
)

# Moments the original computes from "now" by a fixed offset, and their placeholders.
NOW_OFFSETS = ((datetime.timedelta(weeks=1), "<now + 1 week>"),)

_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHIPMENT_LABEL = re.compile(r"^(S\d{3}-)(\d{6})(-.*)$")


def _parse_datetime(text: str) -> datetime.datetime | None:
    match = _DATETIME.match(text)
    if not match:
        return None
    date, time, _fraction, zone = match.groups()
    try:
        value = datetime.datetime.fromisoformat(f"{date}T{time}")
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        value -= sign * offset
    return value


class Masker:
    def __init__(self, start: datetime.datetime, end: datetime.datetime, generated: dict):
        """`start`/`end`: naive UTC times around the case's requests; `generated`:
        value -> placeholder."""
        self.earliest = start - NOW_SLACK
        self.latest = end + NOW_SLACK
        self.days = {start.date().isoformat(), end.date().isoformat()}
        self.label_days = {start.strftime("%y%m%d"), end.strftime("%y%m%d")}
        self.generated = generated
        # Inside longer strings only values of 8 characters or more (labels, QR codes)
        # are looked for; a colour is only masked as a whole string.
        long_values = sorted((v for v in generated if len(v) >= 8), key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(re.escape(v) for v in long_values)) if long_values else None
        )

    def string(self, text: str) -> str:
        moment = _parse_datetime(text)
        if moment is not None:
            if self.earliest <= moment <= self.latest:
                return "<now>"
            for offset, placeholder in NOW_OFFSETS:
                if self.earliest + offset <= moment <= self.latest + offset:
                    return placeholder
        if _DATE.match(text) and text in self.days:
            return "<today>"
        label = _SHIPMENT_LABEL.match(text)
        if label is not None and label.group(2) in self.label_days:
            return f"{label.group(1)}<today>{label.group(3)}"
        if text in self.generated:
            return self.generated[text]
        if self._pattern is not None:
            return self._pattern.sub(lambda m: self.generated[m.group(0)], text)
        return text

    def __call__(self, value):
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, dict):
            # Keys are masked too: database changes are keyed by primary key.
            return {self.string(k): self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value


def generated_values(step_changes: list[dict | None], variables: list[dict]) -> dict:
    """value -> placeholder for the random values in the rows the steps inserted. A
    value the request itself sent (a colour chosen by the user) is not generated."""
    sent = json.dumps(variables)
    generated: dict[str, str] = {}
    for changes in step_changes:
        for table, column in GENERATED_COLUMNS:
            inserted = ((changes or {}).get(table) or {}).get("inserted") or {}
            for key in sorted(inserted, key=_key_order):
                value = inserted[key].get(column)
                if not isinstance(value, str) or not value or value in generated:
                    continue
                if json.dumps(value) in sent:
                    continue
                generated[value] = f"<generated {len(generated) + 1}>"
    return generated


def _key_order(key: str):
    return [int(part) if part.isdigit() else part for part in key.split(",")]
