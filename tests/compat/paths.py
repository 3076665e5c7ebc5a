"""Where the compat suite finds its inputs.

The reference material (dev seed, frontend operations) lives in ../shared/reference
next to the checkout and is never committed. A checkout elsewhere (a git worktree, a
CI runner with the material in another place) names the folder in
BOXTRIBUTE_REFERENCE_DIR.
"""

from __future__ import annotations

import os
from pathlib import Path

COMPAT_DIR = Path(__file__).resolve().parent
REPO = COMPAT_DIR.parents[1]
CASES_DIR = COMPAT_DIR / "cases"
KNOWN_DIFFERENCES = COMPAT_DIR / "known_differences.txt"


def reference_dir() -> Path:
    configured = os.environ.get("BOXTRIBUTE_REFERENCE_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "reference"


def seed_sql() -> Path:
    return reference_dir() / "dropapp-dev-seed.sql"


def operations_json() -> Path:
    return reference_dir() / "frontend-operations.json"
