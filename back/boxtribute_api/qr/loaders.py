from ..api.loaders import Loader
from . import store


class QrCodeById(Loader):
    """No authorization here: callers check qr:read."""

    fetch = staticmethod(store.qr_codes_by_id)
