"""ShareableLink (the answer of createShareableLink) and the public service's
resolveLink: a link's code, resolved without login to the statistics of its base
(the linked view's data) or to ExpiredLinkError / UnknownLinkError."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ariadne import ObjectType, QueryType

from ..api.loaders import LoadedField
from ..base.loaders import BaseById
from ..db.offload import offload_on_replica
from ..errors import ResourceNotFound
from ..runtime import clock
from ..user.loaders import UserById
from . import store, views
from .errors import ExpiredLinkError, LinkWithoutExpiry, UnknownLinkError

shareable_link_type = ObjectType("ShareableLink")
shareable_link_type.set_field("base", LoadedField(BaseById, "base_id"))
shareable_link_type.set_field("createdBy", LoadedField(UserById, "created_by_id"))


@dataclass(frozen=True)
class ResolvedLink:
    id: int
    code: str
    base_id: int | None
    view: str
    url_parameters: str | None
    valid_until: Any
    known_base_name: str | None
    known_organisation_name: str | None

    @property
    def base_name(self) -> str:
        # The link's base was deleted from the table (the column is SET NULL).
        if self.known_base_name is None:
            raise ResourceNotFound()
        return self.known_base_name

    @property
    def organisation_name(self) -> str:
        if self.known_organisation_name is None:
            raise ResourceNotFound()
        return self.known_organisation_name


public_query = QueryType()
resolved_link_type = ObjectType("ResolvedLink")


@public_query.field("resolveLink")
async def resolve_link(*_, code):
    # On the read replica when there is one, as the original reads links.
    link = await offload_on_replica(store.link_by_code, code)
    if link is None:
        return UnknownLinkError(code=code)
    if link.valid_until is None:
        raise LinkWithoutExpiry()
    if link.valid_until < clock.utc_now():
        return ExpiredLinkError(valid_until=link.valid_until)
    return ResolvedLink(
        id=link.id,
        code=link.code,
        base_id=link.base_id,
        view=link.view,
        url_parameters=link.url_parameters,
        valid_until=link.valid_until,
        known_base_name=getattr(link, "base_name", None),
        known_organisation_name=getattr(link, "organisation_name", None),
    )


@resolved_link_type.field("data")
async def resolve_link_data(link: ResolvedLink, info):
    read = views.cube_types_read(info)
    return await views.view_data(link.view, link.base_id, link.url_parameters, read)


bindables = [shareable_link_type, resolved_link_type]
public_bindables = [public_query]
