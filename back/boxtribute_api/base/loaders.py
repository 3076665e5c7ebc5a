from ..api.loaders import ListLoader, Loader
from . import store


def _bases_by_id(ids: list[int]) -> dict:
    return {base.id: base for base in store.bases(ids, include_deleted=True)}


class BaseById(Loader):
    fetch = staticmethod(_bases_by_id)


class BasesOfOrganisation(ListLoader):
    """Key: (organisation id, include deleted)."""

    fetch = staticmethod(store.bases_by_organisation)
