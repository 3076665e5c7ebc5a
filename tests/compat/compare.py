"""Comparing our answer with the original's, step by step.

* HTTP status: equal.
* `data`: equal, objects with keys unordered and lists in order.
* `errors`: the same multiset of (path, extensions.code). The order of errors is not
  compared: GraphQL leaves it to the executor, and ours completes lists breadth-first.
  `extensions.description` is compared: the frontend reads it (the transfer agreement
  form looks for "An identical agreement already exists", and every error is logged
  to Sentry with it). The message is compared only where the original's is specific:
  errors raised in resolvers all read "An unknown error occurred." (the original hides
  the exception text, the frontend chooses its words by the code), so requiring that
  placeholder adds nothing; the other messages are graphql-core's words for requests
  that fail validation or variable coercion, which a drop-in answers in the same words.
* database changes (cases that write): equal after masking, table by table.
"""

from __future__ import annotations

import json

GENERIC_MESSAGE = "An unknown error occurred."
MAX_REPORTED = 12

# Lists whose order the original leaves to chance, compared as multisets (path ends):
# movedBoxes' target dimension lists shipment targets in the order of a Python set of
# strings, which changes with every start of the original's process.
UNORDERED_LISTS = ("movedBoxes.dimensions.target",)


def _unordered(items: list) -> list:
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _short(value, limit: int = 160) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def deep_differences(expected, actual, path: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(expected.keys() | actual.keys(), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                found.append(f"{where}: missing (expected {_short(expected[key])})")
            elif key not in expected:
                found.append(f"{where}: unexpected {_short(actual[key])}")
            else:
                found += deep_differences(expected[key], actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if path.endswith(UNORDERED_LISTS):
            expected, actual = _unordered(expected), _unordered(actual)
        found = []
        if len(expected) != len(actual):
            found.append(f"{path}: {len(actual)} items, expected {len(expected)}")
        for index, (e, a) in enumerate(zip(expected, actual, strict=False)):
            found += deep_differences(e, a, f"{path}[{index}]")
        return found
    if expected == actual and type(expected) is type(actual):
        return []
    if expected == actual and {type(expected), type(actual)} <= {int, float}:
        return []  # 1 and 1.0 are the same JSON number
    return [f"{path or '(top)'}: expected {_short(expected)}, got {_short(actual)}"]


def _error_key(error: dict) -> tuple:
    return (
        json.dumps(error.get("path")),
        str((error.get("extensions") or {}).get("code")),
    )


def error_differences(expected: list | None, actual: list | None) -> list[str]:
    expected, actual = list(expected or []), list(actual or [])
    found = []
    remaining = sorted(actual, key=_error_key)
    for error in sorted(expected, key=_error_key):
        match = next((a for a in remaining if _error_key(a) == _error_key(error)), None)
        path, code = _error_key(error)
        if match is None:
            found.append(f"errors: missing error at path {path} with code {code}")
            continue
        remaining.remove(match)
        expected_description = (error.get("extensions") or {}).get("description")
        description = (match.get("extensions") or {}).get("description")
        if description != expected_description:
            found.append(
                f"errors at path {path}: description {_short(description)},"
                f" expected {_short(expected_description)}"
            )
        message = error.get("message")
        if message != GENERIC_MESSAGE and match.get("message") != message:
            found.append(
                f"errors at path {path}: message {_short(match.get('message'))},"
                f" expected {_short(message)}"
            )
    for error in remaining:
        path, code = _error_key(error)
        found.append(
            f"errors: unexpected error at path {path} with code {code}:"
            f" {_short(error.get('message'))}"
        )
    return found


def step_differences(expected: dict, actual: dict) -> list[str]:
    found = []
    if expected["status"] != actual["status"]:
        found.append(f"HTTP status {actual['status']}, expected {expected['status']}")
    e_body, a_body = expected["response"], actual["response"]
    if not isinstance(e_body, dict) or not isinstance(a_body, dict):
        found += deep_differences(e_body, a_body, "response")
    else:
        if ("data" in e_body) != ("data" in a_body):
            found.append(
                f"data: {'present' if 'data' in a_body else 'absent'},"
                f" expected {'present' if 'data' in e_body else 'absent'}"
            )
        found += deep_differences(e_body.get("data"), a_body.get("data"), "data")
        found += error_differences(e_body.get("errors"), a_body.get("errors"))
    if "changes" in expected:
        found += deep_differences(expected["changes"], actual.get("changes"), "db")
    return found


def case_differences(expected_steps: list[dict], actual_steps: list[dict]) -> list[str]:
    found = []
    last = len(expected_steps) - 1
    for index, (expected, actual) in enumerate(zip(expected_steps, actual_steps, strict=True)):
        label = "" if index == last else f"set-up step {index} ({expected['operation']}): "
        found += [label + line for line in step_differences(expected, actual)]
    return found


def report(found: list[str]) -> str:
    shown = found[:MAX_REPORTED]
    more = len(found) - len(shown)
    return "\n".join(shown + ([f"... and {more} more"] if more else []))
