from ..api.loaders import Loader
from ..auth.authorization import authorize
from . import store


def _authorized_users_by_id(ids: list[int]) -> dict:
    # Reading any user (creator, modifier, history author...) needs user:read; the
    # whole batch fails alike, giving one FORBIDDEN per field occurrence.
    authorize(permission="user:read")
    return store.users_by_id(ids)


class UserById(Loader):
    fetch = staticmethod(_authorized_users_by_id)
