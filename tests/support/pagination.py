"""Cursors as the original writes them, computed independently of the app."""

from __future__ import annotations

import base64


def cursor(row_id: int) -> str:
    """base64 of the zero-padded row id."""
    return base64.b64encode(f"{row_id:08d}".encode()).decode()
