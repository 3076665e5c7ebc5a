from ..api.loaders import Loader
from . import store


class QrCodeLoader(Loader):
    """No authorization here: callers check qr:read."""

    name = "qr_code"
    fetch = staticmethod(store.qr_codes_by_id)
