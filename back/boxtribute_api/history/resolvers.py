from ariadne import ObjectType

from ..auth.authorization import authorize

box_type = ObjectType("Box")
history_entry_type = ObjectType("HistoryEntry")


@box_type.field("history")
def resolve_box_history(box, info):
    authorize(permission="history:read")
    return info.context.loaders.history_of_box.load(box.id)


@history_entry_type.field("user")
def resolve_history_entry_user(entry, info):
    # A null foreign key is a null field, without query or permission check.
    return None if entry.user_id is None else info.context.loaders.user.load(entry.user_id)


bindables = [box_type, history_entry_type]
