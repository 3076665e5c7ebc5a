"""Mobile distribution mutations: each runs its write (writes.py) as one transaction.

All of them are open from beta level 99 only (auth/beta.py), as in the original.
"""

from ariadne import MutationType

from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import tracking, writes

mutation = MutationType()


def _user_id() -> int:
    return get_current_user().id


@mutation.field("createDistributionSpot")
async def resolve_create_distribution_spot(*_, creation_input):
    return await offload_transaction(
        writes.create_distribution_spot, creation_input, user_id=_user_id()
    )


@mutation.field("createDistributionEvent")
async def resolve_create_distribution_event(*_, creation_input):
    return await offload_transaction(
        writes.create_distribution_event, creation_input, user_id=_user_id()
    )


@mutation.field("changeDistributionEventState")
async def resolve_change_distribution_event_state(*_, distribution_event_id, new_state):
    return await offload_transaction(
        writes.change_distribution_event_state, distribution_event_id, new_state
    )


@mutation.field("addPackingListEntryToDistributionEvent")
async def resolve_add_packing_list_entry(*_, creation_input):
    return await offload_transaction(
        writes.add_packing_list_entry, creation_input, user_id=_user_id()
    )


@mutation.field("updatePackingListEntry")
async def resolve_update_packing_list_entry(*_, packing_list_entry_id, number_of_items):
    return await offload_transaction(
        writes.update_packing_list_entry, packing_list_entry_id, number_of_items
    )


@mutation.field("removePackingListEntryFromDistributionEvent")
async def resolve_remove_packing_list_entry(*_, packing_list_entry_id):
    return await offload_transaction(writes.remove_packing_list_entry, packing_list_entry_id)


@mutation.field("removeAllPackingListEntriesFromDistributionEventForProduct")
async def resolve_remove_all_packing_list_entries(*_, distribution_event_id, product_id):
    return await offload_transaction(
        writes.remove_all_packing_list_entries_for_product, distribution_event_id, product_id
    )


@mutation.field("updateSelectedProductsForDistributionEventPackingList")
async def resolve_update_selected_products(
    *_, distribution_event_id, product_ids_to_add, product_ids_to_remove
):
    return await offload_transaction(
        writes.update_selected_products,
        distribution_event_id,
        product_ids_to_add,
        product_ids_to_remove,
        user_id=_user_id(),
    )


@mutation.field("assignBoxToDistributionEvent")
async def resolve_assign_box(*_, box_label_identifier, distribution_event_id):
    return await offload_transaction(writes.assign_box, box_label_identifier, distribution_event_id)


@mutation.field("unassignBoxFromDistributionEvent")
async def resolve_unassign_box(*_, box_label_identifier, distribution_event_id):
    return await offload_transaction(
        writes.unassign_box, box_label_identifier, distribution_event_id
    )


@mutation.field("moveItemsFromBoxToDistributionEvent")
async def resolve_move_items_from_box(
    *_, box_label_identifier, distribution_event_id, number_of_items
):
    return await offload_transaction(
        writes.move_items_from_box, box_label_identifier, distribution_event_id, number_of_items
    )


@mutation.field("removeItemsFromUnboxedItemsCollection")
async def resolve_remove_items_from_unboxed_items(*_, id, number_of_items):
    return await offload_transaction(writes.remove_items_from_unboxed_items, id, number_of_items)


@mutation.field("startDistributionEventsTrackingGroup")
async def resolve_start_tracking_group(*_, distribution_event_ids, base_id):
    return await offload_transaction(
        tracking.start_tracking_group, distribution_event_ids, base_id, user_id=_user_id()
    )


@mutation.field("setReturnedNumberOfItemsForDistributionEventsTrackingGroup")
async def resolve_set_returned_items(
    *_, distribution_events_tracking_group_id, product_id, size_id, number_of_items
):
    return await offload_transaction(
        tracking.set_returned_items,
        distribution_events_tracking_group_id,
        product_id,
        size_id,
        number_of_items,
    )


@mutation.field("moveItemsFromReturnTrackingGroupToBox")
async def resolve_move_items_back_to_box(
    *_,
    distribution_events_tracking_group_id,
    product_id,
    size_id,
    number_of_items,
    target_box_label_identifier,
):
    return await offload_transaction(
        tracking.move_items_back_to_box,
        distribution_events_tracking_group_id,
        product_id,
        size_id,
        number_of_items,
        target_box_label_identifier,
    )


@mutation.field("completeDistributionEventsTrackingGroup")
async def resolve_complete_tracking_group(*_, id):
    return await offload_transaction(tracking.complete_tracking_group, id)


bindables = [mutation]
