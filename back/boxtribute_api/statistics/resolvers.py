"""The statistics queries: authorize as the original does, then compute on the read
replica (when configured) in one offloaded call."""

from __future__ import annotations

from collections.abc import Callable

from ariadne import ObjectType, QueryType

from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload_on_replica
from ..errors import Forbidden
from . import access, figures, queries
from .cube import DataCube

query = QueryType()
metrics_type = ObjectType("Metrics")


async def _cube_of_base(resources: tuple[str, ...], compute: Callable, base_id: int) -> DataCube:
    """Read access to `resources` of the base (also across organisations linked by
    an accepted agreement), then the cube."""
    user = get_current_user()

    def authorized_cube() -> DataCube:
        access.authorize_reading(*resources, base_id=base_id, user=user)
        return compute(base_id)

    return await offload_on_replica(authorized_cube)


@query.field("createdBoxes")
async def resolve_created_boxes(*_, base_id):
    resources = ("stock", "product", "product_category")
    return await _cube_of_base(resources, queries.created_boxes, base_id)


@query.field("topProductsDonated")
async def resolve_top_products_donated(*_, base_id):
    resources = ("stock", "product", "product_category", "history", "size")
    return await _cube_of_base(resources, queries.top_products_donated, base_id)


@query.field("movedBoxes")
async def resolve_moved_boxes(*_, base_id):
    resources = ("stock", "product", "product_category", "location", "history", "size")
    return await _cube_of_base(resources, queries.moved_boxes, base_id)


@query.field("stockOverview")
async def resolve_stock_overview(*_, base_id):
    resources = ("stock", "size", "location", "product", "product_category", "tag_relation")
    return await _cube_of_base(resources, queries.stock_overview, base_id)


# Beneficiary data is never shown across organisations.


@query.field("beneficiaryDemographics")
async def resolve_beneficiary_demographics(*_, base_id):
    authorize(permission="beneficiary:read", base_id=base_id)
    authorize(permission="tag_relation:read")
    return await offload_on_replica(queries.beneficiary_demographics, base_id)


@query.field("beneficiaryReach")
async def resolve_beneficiary_reach(*_, base_id):
    authorize(permission="beneficiary:read", base_id=base_id)
    authorize(permission="tag_relation:read")
    return await offload_on_replica(queries.beneficiary_reach, base_id)


@query.field("topProductsCheckedOut")
async def resolve_top_products_checked_out(*_, base_id):
    authorize(permission="transaction:read")
    authorize(permission="product:read", base_id=base_id)
    authorize(permission="product_category:read")
    return await offload_on_replica(queries.top_products_checked_out, base_id)


@query.field("beneficiaryFigures")
async def resolve_beneficiary_figures(*_, base_id):
    authorize(permission="base:read", base_id=base_id)
    authorize(permission="beneficiary:read", base_id=base_id)
    return await offload_on_replica(queries.beneficiary_figures, int(base_id))


@query.field("metrics")
def resolve_metrics(*_, organisation_id=None):
    """The user's own organisation's metrics; a god user's of any organisation named.
    The original compares a named organisation (the ID's text) with the user's (a
    number): they never match, so other users are refused any organisation named,
    their own included. Kept: it refuses, it leaks nothing."""
    user = get_current_user()
    if not organisation_id:
        organisation_id = user.organisation_id
        authorize(user, organisation_id=organisation_id)
    elif not user.is_god:
        raise Forbidden(resource="organisation", value=organisation_id)
    return {"organisation_id": organisation_id}


@metrics_type.field("numberOfFamiliesServed")
async def resolve_number_of_families_served(metrics, _, after=None, before=None):
    return await offload_on_replica(
        queries.number_of_families_served, metrics["organisation_id"], after, before
    )


@metrics_type.field("numberOfSales")
async def resolve_number_of_sales(metrics, _, after=None, before=None):
    return await offload_on_replica(
        queries.number_of_sales, metrics["organisation_id"], after, before
    )


# The public service's figures (statistics/public.graphql): no login, counts only.
public_query = QueryType()


def _public_figure(count: Callable):
    async def resolve(*_, start=None, end=None, duration=None):
        span = figures.time_span(start, end, duration)
        return await offload_on_replica(count, *span)

    return resolve


public_query.set_field("newlyCreatedBoxNumbers", _public_figure(figures.boxes_created))
public_query.set_field(
    "newlyRegisteredBeneficiaryNumbers", _public_figure(figures.beneficiaries_registered)
)
public_query.set_field("reachedBeneficiariesNumbers", _public_figure(figures.beneficiaries_reached))

bindables = [query, metrics_type]
public_bindables = [public_query]
