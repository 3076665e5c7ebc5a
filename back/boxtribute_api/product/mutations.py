"""Product mutations.

Permissions as the original: product:write for the product's base (checked on the
claims where the base is an input; inside the transaction, after locking the
product, where it comes from the product), plus size_range:read and, for custom
products, product_category:read. A failed check is a union member
(InsufficientPermissionError / UnauthorizedForBaseError), not an error.
"""

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import writes

mutation = MutationType()


@mutation.field("createCustomProduct")
@handle_unauthorized
async def resolve_create_custom_product(*_, creation_input):
    authorize(permission="product:write", base_id=creation_input["base_id"])
    authorize(permission="size_range:read")
    authorize(permission="product_category:read")
    return await offload_transaction(
        writes.create_custom_product, creation_input, user_id=get_current_user().id
    )


@mutation.field("editCustomProduct")
@handle_unauthorized
async def resolve_edit_custom_product(*_, edit_input):
    return await offload_transaction(
        writes.edit_custom_product, edit_input, user_id=get_current_user().id
    )


@mutation.field("enableStandardProduct")
@handle_unauthorized
async def resolve_enable_standard_product(*_, enable_input):
    authorize(permission="product:write", base_id=enable_input["base_id"])
    authorize(permission="size_range:read")
    return await offload_transaction(
        writes.enable_standard_product, enable_input, user_id=get_current_user().id
    )


@mutation.field("enableStandardProducts")
@handle_unauthorized
async def resolve_enable_standard_products(*_, enable_input):
    authorize(permission="product:write", base_id=enable_input["base_id"])
    return await offload_transaction(
        writes.enable_standard_products, enable_input, user_id=get_current_user().id
    )


@mutation.field("editStandardProductInstantiation")
@handle_unauthorized
async def resolve_edit_standard_product_instantiation(*_, edit_input):
    return await offload_transaction(
        writes.edit_standard_product_instantiation, edit_input, user_id=get_current_user().id
    )


@mutation.field("deleteProduct")
@handle_unauthorized
async def resolve_delete_product(*_, id):
    return await offload_transaction(writes.delete_product, id, user_id=get_current_user().id)


@mutation.field("disableStandardProduct")
@handle_unauthorized
async def resolve_disable_standard_product(*_, instantiation_id):
    return await offload_transaction(
        writes.disable_standard_product, instantiation_id, user_id=get_current_user().id
    )


bindables = [mutation]
