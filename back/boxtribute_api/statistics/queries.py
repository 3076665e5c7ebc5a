"""The statistics, one function per query: plain synchronous functions of a base id
(and the query's filters) that answer the query's object, for any caller that has
authorized the reader (the API's resolvers; a shared link's view).

Run them on a DB thread, on the read replica when there is one:
    await offload_on_replica(queries.stock_overview, base_id, tag_ids=[1, 2])
A base that does not exist raises ResourceNotFound (beneficiary_figures: zeros).
"""

from __future__ import annotations

from .beneficiaries import beneficiary_demographics, beneficiary_figures, beneficiary_reach
from .boxes import created_boxes, stock_overview, top_products_checked_out, top_products_donated
from .cube import DataCube
from .metrics import number_of_families_served, number_of_sales
from .moved import moved_boxes

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
