"""Where the compat suite finds its inputs.

The reference material (dev seed, frontend operations) lives in ../shared/reference
and is never committed; support.reference finds it (BOXTRIBUTE_REFERENCE_DIR names
another place).
"""

from __future__ import annotations

from pathlib import Path

from support.reference import REFERENCE

COMPAT_DIR = Path(__file__).resolve().parent
CASES_DIR = COMPAT_DIR / "cases"
KNOWN_DIFFERENCES = COMPAT_DIR / "known_differences.txt"


def reference_dir() -> Path:
    return REFERENCE


def seed_sql() -> Path:
    return reference_dir() / "dropapp-dev-seed.sql"


def operations_json() -> Path:
    return reference_dir() / "frontend-operations.json"
