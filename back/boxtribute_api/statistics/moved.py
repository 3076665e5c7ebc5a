"""Boxes that left a base's stock (placeholder, replaced below)."""

from __future__ import annotations

from .cube import DataCube


def moved_boxes(base_id: int) -> DataCube:
    raise NotImplementedError
