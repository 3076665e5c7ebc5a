from ariadne import ObjectType

from ..auth.authorization import authorize
from ..user.loaders import UserById
from .loaders import HistoryOfBox

box_type = ObjectType("Box")
history_entry_type = ObjectType("HistoryEntry")


@box_type.field("history")
def resolve_box_history(box, info):
    authorize(permission="history:read")
    return HistoryOfBox.of(info).load(box.id)


@history_entry_type.field("user")
def resolve_history_entry_user(entry, info):
    # A null foreign key is a null field, without query or permission check.
    return None if entry.user_id is None else UserById.of(info).load(entry.user_id)


bindables = [box_type, history_entry_type]
