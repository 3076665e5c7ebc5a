from ariadne import QueryType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorize
from ..db.offload import offload
from ..errors import ResourceDoesNotExistError
from . import store

query = QueryType()


@query.field("qrExists")
async def resolve_qr_exists(*_, code=None):
    authorize(permission="qr:read")
    if code is None:
        return False
    return await offload(store.qr_code_exists, code)


@query.field("qrCode")
@handle_unauthorized
async def resolve_qr_code(*_, code):
    authorize(permission="qr:read")
    qr_code = await offload(store.qr_code_by_code, code)
    if qr_code is None:
        return ResourceDoesNotExistError(name="QrCode")
    return qr_code


bindables = [query]
