"""Read side of distribution events as far as the warehouse views use it."""

from ariadne import ObjectType

from ..auth.authorization import authorize

base_type = ObjectType("Base")
event_type = ObjectType("DistributionEvent")


@base_type.field("distributionEventsBeforeReturnedFromDistributionState")
def resolve_events_before_return(base, info):
    authorize(permission="distro_event:read", base_id=base.id)
    return info.context.loaders.distribution_events_before_return.load(base.id)


@event_type.field("distributionSpot")
def resolve_distribution_spot(event, info):
    return info.context.loaders.location.load(event.distribution_spot_id)


bindables = [base_type, event_type]
