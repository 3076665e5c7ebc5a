"""Running one case: its steps in order, then the database put back.

Shared by the recorder (sending to the original over HTTP) and the replay test
(sending to our app in-process), so both sides are described the same way. A step's
variables may take a value from an earlier step's response:
{"$ref": [step index, key or list index, ...]}, e.g. the label identifier of a box
created in a set-up step.
"""

from __future__ import annotations

import datetime
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
        if set(value) == {"$ref"}:
            step, *path = value["$ref"]
            target = responses[step]
            try:
                for part in path:
                    target = target[part]
            except (KeyError, IndexError, TypeError):
                raise UnresolvedReference(
                    f"step {step} answered without {path}: {str(responses[step])[:300]}"
                ) from None
            return target
        return {k: resolve(v, responses) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, responses) for v in value]
    return value


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
            sent_variables.append(variables)
            status, body = send(document, name, variables, users[step["user"]])
            responses.append(body)
            result = {**step, "status": status, "response": body}
            if track:
                result["changes"] = db.changes()
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
            result["changes"] = mask(result["changes"])
    return results
