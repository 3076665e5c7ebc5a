"""Running one case: its steps in order, then the database put back.

Shared by the recorder (sending to the original over HTTP) and the replay test
(sending to our app in-process), so both sides are described the same way. A step's
variables may take a value from an earlier step's response:
{"$ref": [step index, key or list index, ...]}, e.g. the label identifier of a box
created in a set-up step; with "$as": "int" an ID answered as a string is sent as a
number (for Int variables).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from graphql import OperationType, parse

from .dbstate import DatabaseState
from .masking import Masker, generated_values

# send(document, operation name, variables, claims) -> (HTTP status, JSON body)
Send = Callable[[str, str, dict, dict], tuple[int, Any]]


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class UnresolvedReference(LookupError):
    pass


def resolve(value, responses: list):
    if isinstance(value, dict):
        if set(value) in ({"$ref"}, {"$ref", "$as"}):
            step, *path = value["$ref"]
            target = responses[step]
            try:
                for part in path:
                    target = target[part]
            except (KeyError, IndexError, TypeError):
                raise UnresolvedReference(
                    f"step {step} answered without {path}: {str(responses[step])[:300]}"
                ) from None
            return int(target) if value.get("$as") == "int" else target
        return {k: resolve(v, responses) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, responses) for v in value]
    return value


# Tables whose rows inserted by one request get their ids in an order the original
# does not fix: assignTagsToBoxes inserts the missing tags of each box in the order
# MySQL's GROUP_CONCAT lists them, which varies between runs.
UNORDERED_INSERT_TABLES = ("tags_relations",)


def unordered_inserts(changes: dict) -> dict:
    """Inserted rows of UNORDERED_INSERT_TABLES: the step's new ids handed out again
    in the order of the rows' content, so only which rows were inserted and which
    ids were used is compared, not which row got which of these ids."""
    for table in UNORDERED_INSERT_TABLES:
        inserted = (changes.get(table) or {}).get("inserted")
        if not inserted or len(inserted) < 2:
            continue
        keys = sorted(inserted, key=lambda k: [int(p) if p.isdigit() else p for p in k.split(",")])
        rows = sorted(
            inserted.values(),
            key=lambda row: json.dumps({c: v for c, v in row.items() if c != "id"}, sort_keys=True),
        )
        changes[table]["inserted"] = {
            key: {**row, "id": int(key)} if "id" in row else row
            for key, row in zip(keys, rows, strict=True)
        }
    return changes


def is_mutation(document: str) -> bool:
    return any(
        getattr(definition, "operation", None) == OperationType.MUTATION
        for definition in parse(document).definitions
    )


def case_writes(case: dict, documents: dict[str, str]) -> bool:
    return any(is_mutation(documents[step["operation"]]) for step in case["steps"])


def run_case(
    case: dict,
    *,
    users: dict[str, dict],
    send: Send,
    db: DatabaseState | None,
    documents: dict[str, str],
) -> list[dict]:
    """Run the steps of `case` ({"steps": [{"operation", "user", "variables"}]}) and
    return them with status, masked response and (for cases that write) the masked
    database changes of each step. `documents`: operation name -> document sent."""
    track = db is not None and case_writes(case, documents)
    results: list[dict] = []
    responses: list = []
    sent_variables: list[dict] = []
    start = utcnow()
    try:
        for step in case["steps"]:
            name = step["operation"]
            document = documents[name]
            variables = resolve(step["variables"], responses)
            # Values the case itself chose; a value taken from an earlier answer (the
            # label of a box created in step 0) is still a generated one.
            sent_variables.append(step["variables"])
            status, body = send(document, name, variables, users[step["user"]])
            responses.append(body)
            result = {**step, "status": status, "response": body}
            if track:
                result["changes"] = unordered_inserts(db.changes())
            results.append(result)
    finally:
        if track:
            db.restore()
    end = utcnow()
    generated = generated_values([r.get("changes") for r in results], sent_variables)
    mask = Masker(start, end, generated)
    for result in results:
        result["response"] = mask(result["response"])
        if "changes" in result:
            result["changes"] = drop_now_to_now(mask(result["changes"]))
    return results


def drop_now_to_now(changes: dict) -> dict:
    """A column updated from one "now" to another (a set-up step and the next step in
    different seconds) did not change as far as the comparison can tell: drop it, and
    rows and tables left without changes."""
    for table in list(changes):
        updated = changes[table].get("updated") or {}
        for key in list(updated):
            updated[key] = {c: v for c, v in updated[key].items() if v != ["<now>", "<now>"]}
            if not updated[key]:
                del updated[key]
        if "updated" in changes[table] and not updated:
            del changes[table]["updated"]
        if not changes[table]:
            del changes[table]
    return changes
