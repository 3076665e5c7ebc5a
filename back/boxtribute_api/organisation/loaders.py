from ..api.loaders import Loader
from ..auth.authorization import authorize
from . import store


def _authorized_organisations_by_id(ids: list[int]) -> dict:
    authorize(permission="organisation:read")
    return store.organisations_by_id(ids)


class OrganisationById(Loader):
    fetch = staticmethod(_authorized_organisations_by_id)
