"""What a request may ask for, checked before anything runs (settings: config.py
RequestLimits).

A gevent worker serves many requests on one thread, so one request that keeps the
CPU busy stalls all of them. The checks here refuse, before validation and
execution, the documents whose work has no useful bound:

* the query text: characters, lexical tokens (the parser stops counting there),
  and the parser's own nesting guard;
* the shape of the operation with its fragments expanded: field nesting, aliased
  fields, all fields, and fragment spreads nested in fragment spreads;
* the cost: the estimated number of values in the answer. A list counts as many
  items as its page asks for (`paginationInput` first/last, else 50; the page's
  `elements` are the list), a list without pagination as `list_size_estimate`.

Each refusal is a GraphQL error with code QUERY_LIMIT_EXCEEDED, the limit's name
and its maximum, answered with HTTP 400 (the request never reached execution).
Nothing here trusts the document to be valid: it runs before validation, so
unknown fields count as leaves and fragment cycles as nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from ..config import RequestLimits
from ..db.pagination import DEFAULT_PAGE_SIZE

LIMIT_CODE = "QUERY_LIMIT_EXCEEDED"
PAGINATION_ARGUMENT = "paginationInput"


def limit_error(message: str, limit: str, maximum: Any, **extensions: Any) -> GraphQLError:
    return GraphQLError(
        message,
        extensions={"code": LIMIT_CODE, "limit": limit, "maximum": maximum, **extensions},
    )


def check_document_text(query: str, limits: RequestLimits) -> None:
    if len(query) > limits.max_document_chars:
        raise limit_error(
            f"The query has {len(query)} characters, more than the {limits.max_document_chars}"
            " allowed.",
            "documentChars",
            limits.max_document_chars,
        )


def with_limit_code(error: GraphQLError, limits: RequestLimits) -> GraphQLError:
    """The parser's own refusals (too many tokens, nested too deeply) as limit errors;
    other syntax errors unchanged."""
    message = error.message
    if "tokens. Parsing aborted" in message:
        limit, maximum = "tokens", limits.max_tokens
    elif "nested too deeply" in message:
        limit, maximum = "depth", limits.max_depth
    else:
        return error
    return GraphQLError(
        message,
        source=error.source,
        positions=error.positions,
        extensions={"code": LIMIT_CODE, "limit": limit, "maximum": maximum},
    )


# --- the shape of an operation ---------------------------------------------------------------


@dataclass
class Shape:
    """Counts over a selection set with its fragments expanded (each spread counted
    as often as it occurs)."""

    depth: int = 0  # deepest field nesting
    aliases: int = 0
    fields: int = 0
    fragment_nesting: int = 0  # longest chain of spreads inside spread fragments
    spreads: list[tuple[str, int]] = field(default_factory=list)  # (fragment, depth there)


def _local_shape(selection_set: SelectionSetNode) -> Shape:
    """The selection set's own counts, fragments not expanded (their spreads are
    listed). Recursion follows the document's nesting, which the parser bounds."""
    shape = Shape()

    def walk(selections: SelectionSetNode, depth: int) -> None:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                shape.fields += 1
                shape.aliases += selection.alias is not None
                shape.depth = max(shape.depth, depth + 1)
                if selection.selection_set:
                    walk(selection.selection_set, depth + 1)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, depth)
            elif isinstance(selection, FragmentSpreadNode):
                shape.spreads.append((selection.name.value, depth))

    walk(selection_set, 0)
    return shape


def _expanded(local: Shape, totals: Mapping[str, Shape]) -> Shape:
    shape = Shape(local.depth, local.aliases, local.fields, 0)
    for name, depth in local.spreads:
        spread = totals.get(name)
        if spread is None:  # unknown fragment, or a cycle: validation reports it
            continue
        shape.depth = max(shape.depth, depth + spread.depth)
        shape.aliases += spread.aliases
        shape.fields += spread.fields
        shape.fragment_nesting = max(shape.fragment_nesting, spread.fragment_nesting + 1)
    return shape


def fragment_shapes(fragments: Mapping[str, FragmentDefinitionNode]) -> dict[str, Shape]:
    """Each fragment's counts with its spreads expanded, computed without recursion
    over spreads (a chain of spreads may be as long as the document allows)."""
    local = {name: _local_shape(fragment.selection_set) for name, fragment in fragments.items()}
    totals: dict[str, Shape] = {}
    for root in local:
        if root in totals:
            continue
        stack = [(root, iter(local[root].spreads))]
        on_stack = {root}
        while stack:
            name, spreads = stack[-1]
            for spread, _ in spreads:
                if spread in local and spread not in totals and spread not in on_stack:
                    stack.append((spread, iter(local[spread].spreads)))
                    on_stack.add(spread)
                    break
            else:
                stack.pop()
                on_stack.discard(name)
                totals[name] = _expanded(local[name], totals)
    return totals


def selected_operations(
    document: DocumentNode, operation_name: str | None
) -> list[OperationDefinitionNode]:
    """The operation that will run; all of them when that is not clear (execution
    will then refuse the document, but its limits are checked first)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        named = [o for o in operations if o.name and o.name.value == operation_name]
        return named or operations
    return operations


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def check_shape(document: DocumentNode, operation_name: str | None, limits: RequestLimits) -> None:
    totals = fragment_shapes(fragments_of(document))
    for operation in selected_operations(document, operation_name):
        shape = _expanded(_local_shape(operation.selection_set), totals)
        if shape.fragment_nesting > limits.max_fragment_nesting:
            raise limit_error(
                f"Fragment spreads are nested {shape.fragment_nesting} deep, more than the"
                f" {limits.max_fragment_nesting} allowed.",
                "fragmentNesting",
                limits.max_fragment_nesting,
            )
        if shape.depth > limits.max_depth:
            raise limit_error(
                f"The query is nested {shape.depth} levels deep, more than the"
                f" {limits.max_depth} allowed.",
                "depth",
                limits.max_depth,
            )
        if shape.aliases > limits.max_aliases:
            raise limit_error(
                f"The query has {shape.aliases} aliased fields, more than the"
                f" {limits.max_aliases} allowed.",
                "aliases",
                limits.max_aliases,
            )
        if shape.fields > limits.max_fields:
            raise limit_error(
                f"The query selects {shape.fields} fields, more than the"
                f" {limits.max_fields} allowed.",
                "fields",
                limits.max_fields,
            )


# --- the cost of an operation ----------------------------------------------------------------


# Introspection's root fields are in no type's `fields`.
_INTROSPECTION_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


class CostEstimate:
    """The estimated number of values in the answer to one operation. Runs after
    `check_shape`, so its recursion is bounded by the depth and fragment limits."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        list_size: int,
    ):
        self.schema = schema
        self.fragments = fragments_of(document)
        self.variables = variables if isinstance(variables, Mapping) else {}
        self.list_size = list_size
        self._memo: dict[tuple[str, int | None], int] = {}
        self._open: set[str] = set()

    def of_operation(self, operation: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(operation.operation)
        return self.of_selections(operation.selection_set, root, None)

    def of_selections(self, selections: SelectionSetNode, parent: Any, page_size) -> int:
        total = 0
        fields = getattr(parent, "fields", None) or {}
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                definition = fields.get(name) or _INTROSPECTION_FIELDS.get(name)
                total += self._of_field(selection, definition, page_size)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.of_selections(selection.selection_set, inner, page_size)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._of_spread(selection.name.value, page_size)
        return total

    def _of_field(self, node: FieldNode, definition: Any, page_size: int | None) -> int:
        if definition is None or node.selection_set is None:
            return 1  # a leaf, __typename, or a field validation will refuse
        is_list = is_list_type(get_nullable_type(definition.type))
        weight = (page_size or self.list_size) if is_list else 1
        inner_page = self._page_size(node) if PAGINATION_ARGUMENT in definition.args else None
        inner = self.of_selections(node.selection_set, get_named_type(definition.type), inner_page)
        return weight * (1 + inner)

    def _of_spread(self, name: str, page_size: int | None) -> int:
        key = (name, page_size)
        if key in self._memo:
            return self._memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._open:
            return 0
        self._open.add(name)
        try:
            parent = self.schema.get_type(fragment.type_condition.name.value)
            cost = self.of_selections(fragment.selection_set, parent, page_size)
        finally:
            self._open.discard(name)
        self._memo[key] = cost
        return cost

    def _page_size(self, node: FieldNode) -> int:
        """The page a paginated field asks for: first, else last, else 50 (0 and
        anything that is not a positive integer count as 50, as the pages do)."""
        argument = next((a for a in node.arguments if a.name.value == PAGINATION_ARGUMENT), None)
        value = self._value(argument.value) if argument else None
        if isinstance(value, Mapping):
            for key in ("first", "last"):
                size = value.get(key)
                if type(size) is int and size > 0:
                    return size
        return DEFAULT_PAGE_SIZE

    def _value(self, node: Any) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, ObjectValueNode):
            return {f.name.value: self._value(f.value) for f in node.fields}
        if isinstance(node, IntValueNode):
            try:
                return int(node.value)
            except ValueError:
                return None
        return None


def estimated_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: RequestLimits,
) -> int:
    estimate = CostEstimate(schema, document, variables, limits.list_size_estimate)
    operations = selected_operations(document, operation_name)
    return max((estimate.of_operation(o) for o in operations if o is not None), default=0)


def check_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: RequestLimits,
) -> None:
    raise_if_too_costly(estimated_cost(schema, document, operation_name, variables, limits), limits)


def raise_if_too_costly(cost: int, limits: RequestLimits) -> None:
    if cost > limits.max_cost:
        raise limit_error(
            f"The query may return about {cost:,} values, more than the {limits.max_cost:,}"
            " allowed: ask for smaller pages or fewer nested lists.",
            "cost",
            limits.max_cost,
            cost=cost,
        )


# --- JSON ------------------------------------------------------------------------------------


def json_depth(value: Any, maximum: int) -> int:
    """The nesting of objects and lists in a decoded JSON value, counted up to
    `maximum + 1` (iteratively: the value may be nested arbitrarily deep)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > maximum:
            return deepest
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
