"""The statistics, one function per query: plain synchronous functions of a base id
(and the query's filters) that answer the query's object, for any caller that has
authorized the reader (the API's resolvers; a shared link's view).

Run them on a DB thread, on the read replica when there is one:
    await offload_on_replica(queries.stock_overview, base_id, tag_ids=[1, 2])
A base that does not exist raises ResourceNotFound (beneficiary_figures: zeros).
"""

from __future__ import annotations

from ..db.change_cache import kept_while_unchanged
from . import boxes, moved
from .beneficiaries import beneficiary_demographics, beneficiary_figures, beneficiary_reach
from .boxes import top_products_checked_out, top_products_donated
from .cube import DataCube
from .metrics import number_of_families_served, number_of_sales

# The box cubes read the whole history and tags of a base's boxes: seconds at 100,000
# boxes. Their answers are kept until a table they read changes (db/change_cache.py;
# a superset of each cube's tables, so one list serves the three).
_BOX_CUBE_TABLES = (
    "box_state", "camps", "history", "locations", "organisations", "product_categories",
    "products", "shipment", "shipment_detail", "sizegroup", "sizes", "stock", "tags",
    "tags_relations", "transfer_agreement", "transfer_agreement_detail", "units",
)  # fmt: skip
created_boxes = kept_while_unchanged(*_BOX_CUBE_TABLES)(boxes.created_boxes)
moved_boxes = kept_while_unchanged(*_BOX_CUBE_TABLES)(moved.moved_boxes)
stock_overview = kept_while_unchanged(*_BOX_CUBE_TABLES)(boxes.stock_overview)

__all__ = [
    "DataCube",
    "beneficiary_demographics",
    "beneficiary_figures",
    "beneficiary_reach",
    "created_boxes",
    "moved_boxes",
    "number_of_families_served",
    "number_of_sales",
    "stock_overview",
    "top_products_checked_out",
    "top_products_donated",
]
