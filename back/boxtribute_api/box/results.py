"""What the bulk box mutations answer (BoxesResult, BoxesTagsOperationResult)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Box


@dataclass
class BoxesResult:
    updated_boxes: list[Box] = field(default_factory=list)
    invalid_box_label_identifiers: list[str] = field(default_factory=list)
    graphql_type = "BoxesResult"


@dataclass
class BoxesTagsOperationResult:
    updated_boxes: list[Box]
    invalid_box_label_identifiers: list[str]
    # [{"id": tag id, "error": a TagError union member}, ...]
    tag_error_info: list[dict[str, Any]] = field(default_factory=list)
