"""Read side of distribution events as far as the warehouse views use it."""

from ariadne import ObjectType

from ..auth.authorization import authorize
from ..location.loaders import LocationById
from .loaders import EventsBeforeReturnOfBase

base_type = ObjectType("Base")
event_type = ObjectType("DistributionEvent")


@base_type.field("distributionEventsBeforeReturnedFromDistributionState")
def resolve_events_before_return(base, info):
    authorize(permission="distro_event:read", base_id=base.id)
    return EventsBeforeReturnOfBase.of(info).load(base.id)


@event_type.field("distributionSpot")
def resolve_distribution_spot(event, info):
    return LocationById.of(info).load(event.distribution_spot_id)


bindables = [base_type, event_type]
