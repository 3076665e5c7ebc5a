from ..api.loaders import ListLoader, Loader
from . import store


def _bases_by_id(ids: list[int]) -> dict:
    return {base.id: base for base in store.bases(ids, include_deleted=True)}


class BaseLoader(Loader):
    name = "base"
    fetch = staticmethod(_bases_by_id)


class OrganisationBasesLoader(ListLoader):
    """Key: (organisation id, include deleted)."""

    name = "bases_of_organisation"
    fetch = staticmethod(store.bases_by_organisation)
