"""Tag mutations (tables tags, tags_relations, history): plain synchronous functions,
each run inside one transaction by the caller (offload_transaction).

What they leave behind, as the original does:
- creating a tag: the tags row (created and created_by set, modified and
  modified_by left NULL, description '' unless given) and a history row
  ('tags', <id>, 'Record created');
- updating: one history row per changed column, 'label changed from "a" to "b";'
  (also description, color, type), and modified/modified_by only if something
  changed. A type change takes the tag off the objects it no longer fits
  (to Box: off beneficiaries; to Beneficiary: off boxes);
- deleting: tags.deleted set (modified untouched), every live relation of the tag
  soft-deleted (deleted_on/deleted_by) and a history row 'Record deleted'.
Relations are written by relations.py only and never go to the history table.

Authorization: tag:write on the tag's base (createTag/updateTag/deleteTag, and the
bases filter of deleteTags); assigning needs tag_relation:assign on the tag's base.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..auth.authorization import authorize
from ..errors import EmptyNameError, ResourceDoesNotExistError, ResourceNotFound
from ..history.recorder import (
    RECORD_CREATED,
    RECORD_DELETED,
    history_row,
    record_history,
    utc_now,
)
from . import relations
from .errors import DeletedTagError, IncompatibleTagTypeAndResourceType, InvalidColorError
from .models import Tag
from .store import ALL_TYPE, BENEFICIARY_TYPE, BOX_TYPE

TABLE = "tags"

# #RRGGBB or #RGB, as the original checks it ("$" also lets a final newline pass).
COLOR_PATTERN = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")

# GraphQL names of the legacy type strings, for messages and history text.
TYPE_NAMES = {BOX_TYPE: "Box", BENEFICIARY_TYPE: "Beneficiary", ALL_TYPE: "All"}

# Changing a tag's type to X takes it off the objects that type no longer covers.
OBJECT_TYPE_LEFT_BEHIND = {BOX_TYPE: BENEFICIARY_TYPE, BENEFICIARY_TYPE: BOX_TYPE}

# Columns compared for history on update: (attribute, column name).
_HISTORY_COLUMNS = (("name", "label"), ("description", "description"), ("color", "color"))


@dataclass(frozen=True)
class TagsResult:
    """deleteTags' answer: the tags deleted now, and the requested ids that were not
    (unknown, already deleted, or in a base the user may not write tags of)."""

    updated_tags: list[Tag] = field(default_factory=list)
    invalid_tag_ids: list[int] = field(default_factory=list)
    graphql_type: str = "TagsResult"


def is_valid_color(color: str) -> bool:
    return bool(color) and COLOR_PATTERN.match(color) is not None


def random_color() -> str:
    return f"#{random.randrange(0x1000000):06x}"


def _insert_tag(
    *,
    base_id: int,
    name: str,
    color: str,
    tag_type: str,
    description: str,
    user_id: int | None,
    now: datetime.datetime,
) -> int:
    return Tag.insert(
        name=name,
        color=color,
        base=base_id,
        type=tag_type,
        description=description,
        created_on=now,
        created_by=user_id,
    ).execute()


def create_tags_by_name(
    base_id: int,
    names: Iterable[str],
    tag_type: str,
    user_id: int | None,
    now: datetime.datetime,
) -> list[Tag]:
    """New tags in a base, one per distinct name (first occurrence order), for the
    box mutations' `newTagNames`. Like the original: no check whether a tag of that
    name exists already; description ''; 'Record created' history per tag. The
    original gives no colour there, so each gets a random '#rrggbb'.
    `tag_type` is the legacy string ('Stock' for boxes). Returns the rows as read."""
    ids = [
        _insert_tag(
            base_id=base_id,
            name=name,
            color=random_color(),
            tag_type=tag_type,
            description="",
            user_id=user_id,
            now=now,
        )
        for name in dict.fromkeys(names)
    ]
    if not ids:
        return []
    record_history(
        history_row(TABLE, tag_id, RECORD_CREATED, user_id=user_id, change_date=now)
        for tag_id in ids
    )
    return list(Tag.select().where(Tag.id.in_(ids)).order_by(Tag.id))


def create_tag(creation_input: Mapping[str, Any], *, user_id: int) -> Tag | InvalidColorError:
    """createTag, after tag:write on the base was checked from the claims."""
    color = creation_input["color"]
    if not is_valid_color(color):
        return InvalidColorError(color=color)
    now = utc_now()
    description = creation_input.get("description")
    tag_id = _insert_tag(
        base_id=int(creation_input["base_id"]),
        name=creation_input["name"],
        color=color,
        tag_type=creation_input["type"],
        description="" if description is None else description,
        user_id=user_id,
        now=now,
    )
    record_history([history_row(TABLE, tag_id, RECORD_CREATED, user_id=user_id, change_date=now)])
    return Tag.get_by_id(tag_id)


def _locked_tag(tag_id: Any) -> Tag | None:
    return Tag.select().where(Tag.id == int(tag_id)).for_update().first()


def update_tag(update_input: Mapping[str, Any], *, user_id: int) -> Any:
    """updateTag: the Tag, or the union error explaining why nothing changed.
    Raises Forbidden (turned into a union member by the resolver)."""
    tag = _locked_tag(update_input["id"])
    if tag is None:
        return ResourceDoesNotExistError(name="Tag", id=int(update_input["id"]))
    authorize(permission="tag:write", base_id=tag.base_id)
    if tag.deleted_on is not None:
        return DeletedTagError(name=tag.name)
    name = update_input.get("name")
    if name is not None and not name:
        return EmptyNameError()
    color = update_input.get("color")
    if color is not None and not is_valid_color(color):
        return InvalidColorError(color=color)

    now = utc_now()
    changes: dict[str, Any] = {}
    history = []
    for attribute, column in _HISTORY_COLUMNS:
        new = update_input.get(attribute)
        old = getattr(tag, attribute)
        if new is not None and new != old:
            changes[attribute] = new
            history.append(f'{column} changed from "{old}" to "{new}";')
    new_type = update_input.get("type")
    if new_type is not None and new_type != tag.type:
        changes["type"] = new_type
        # The stored values, as the original writes them: "Stock", "People", "All".
        history.append(f'type changed from "{tag.type}" to "{new_type}";')
        left_behind = OBJECT_TYPE_LEFT_BEHIND.get(new_type)
        if left_behind is not None:
            relations.unassign_tags_everywhere(
                [tag.id], user_id=user_id, now=now, object_type=left_behind
            )
    if changes:
        Tag.update(**changes, last_modified_on=now, last_modified_by=user_id).where(
            Tag.id == tag.id
        ).execute()
        record_history(
            history_row(TABLE, tag.id, text, user_id=user_id, change_date=now) for text in history
        )
    return Tag.get_by_id(tag.id)


def _delete_tags(tags: list[Tag], *, user_id: int, now: datetime.datetime) -> None:
    tag_ids = [tag.id for tag in tags]
    if not tag_ids:
        return
    Tag.update(deleted_on=now).where(Tag.id.in_(tag_ids)).execute()
    relations.unassign_tags_everywhere(tag_ids, user_id=user_id, now=now)
    record_history(
        history_row(TABLE, tag_id, RECORD_DELETED, user_id=user_id, change_date=now)
        for tag_id in tag_ids
    )


def delete_tag(tag_id: Any, *, user_id: int) -> Any:
    """deleteTag: the soft-deleted Tag, or ResourceDoesNotExistError. Raises Forbidden.
    An already deleted tag is answered as it is, without another deletion."""
    tag = _locked_tag(tag_id)
    if tag is None:
        return ResourceDoesNotExistError(name="Tag", id=tag_id)
    authorize(permission="tag:write", base_id=tag.base_id)
    if tag.deleted_on is None:
        _delete_tags([tag], user_id=user_id, now=utc_now())
    return Tag.get_by_id(tag.id)


def delete_tags(
    tag_ids: Iterable[int], *, writable_base_ids: Iterable[int] | None, user_id: int
) -> TagsResult:
    """deleteTags: soft-delete the requested tags that exist, are not deleted yet and
    belong to one of `writable_base_ids` (all bases when None); the other requested
    ids are reported in ascending order, as by the original."""
    requested = list(dict.fromkeys(int(i) for i in tag_ids))
    if not requested:
        return TagsResult()
    query = Tag.select().where(Tag.id.in_(requested), Tag.deleted_on.is_null())
    if writable_base_ids is not None:
        query = query.where(Tag.base.in_(sorted(writable_base_ids)))
    # One statement locks all targets, in id order (no deadlock between bulk calls).
    tags = list(query.order_by(Tag.id).for_update())
    _delete_tags(tags, user_id=user_id, now=utc_now())
    deleted_ids = {tag.id for tag in tags}
    updated = list(Tag.select().where(Tag.id.in_(sorted(deleted_ids))).order_by(Tag.id))
    return TagsResult(
        updated_tags=updated if deleted_ids else [],
        invalid_tag_ids=sorted(i for i in requested if i not in deleted_ids),
    )


# --- assignTag / unassignTag -------------------------------------------------------------


def tag_for_relation_change(tag_id: Any, object_type: str, *, assigning: bool) -> Tag:
    """The tag to be assigned to (or taken off) an object of `object_type` ('Stock' or
    'People'), checked as the original does: the tag exists (else BAD_USER_INPUT),
    tag_relation:assign on its base (else FORBIDDEN), and, when assigning, that its
    type fits the object (a deleted tag is assigned, as by the original). The row
    stays share-locked until the transaction ends."""
    tag = Tag.select().where(Tag.id == int(tag_id)).for_update("LOCK IN SHARE MODE").first()
    if tag is None:
        raise ResourceNotFound()
    authorize(permission="tag_relation:assign", base_id=tag.base_id)
    if assigning:
        if tag.type not in (object_type, ALL_TYPE):
            raise IncompatibleTagTypeAndResourceType(
                tag_id=tag.id,
                tag_type=TYPE_NAMES.get(tag.type, tag.type),
                resource_type=TYPE_NAMES.get(object_type, object_type),
            )
    return tag
