"""The original's recorded material: ../shared/reference beside the repository.

The first `shared/reference` found in the repository's parent or further up is used,
so a git worktree (e.g. /work/wt/<name>) finds the one its main checkout sees;
BOXTRIBUTE_REFERENCE_DIR names another place. Tests that need it are skipped when
there is none.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _reference_dir() -> Path:
    configured = os.environ.get("BOXTRIBUTE_REFERENCE_DIR")
    if configured:
        return Path(configured)
    for ancestor in REPO.parents:
        candidate = ancestor / "shared" / "reference"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "reference"


REFERENCE = _reference_dir()
EXPECTED_SAMPLES = REFERENCE / "expected-sample"
ABSENT = "../shared/reference is absent: comparison with the original skipped"


def requires_reference() -> None:
    if not REFERENCE.is_dir():
        pytest.skip(ABSENT)


@functools.cache
def frontend_operations() -> tuple[dict, ...]:
    """The frontend's GraphQL operations as recorded (empty when absent)."""
    corpus = REFERENCE / "frontend-operations.json"
    if not corpus.is_file():
        return ()
    return tuple(json.loads(corpus.read_text()))


def frontend_queries() -> dict[str, dict]:
    """The valid query operations the frontend sends to /graphql, by name."""
    return {
        op["name"]: op
        for op in frontend_operations()
        if op["kind"] == "query" and op["valid"] and op["endpoint"] == "graphql"
    }


def frontend_operation(name: str) -> dict:
    requires_reference()
    return next(op for op in frontend_operations() if op["name"] == name)
