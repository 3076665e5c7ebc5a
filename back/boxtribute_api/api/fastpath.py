"""Breadth-first execution of lists of objects, with full GraphQL semantics.

graphql-core completes a list item by item and field by field: for 10,000 boxes
of 60 fields that is 600,000 trips through `execute_field` (resolve info, argument
coercion, awaitable checks, a coroutine per async value). This execution context
completes a list of objects one *field* at a time across all items instead:

* the field definition, its arguments and its sub-selection are looked up once
  per list, not once per item;
* plain attribute fields are read with `getattr` in a tight loop, without
  building resolve info;
* awaitable values (DataLoader futures) of a field are awaited together, once;
* nested objects and lists of objects (a box's product, its tags) are completed
  together the same way, and an object met many times (the same product under
  many boxes) is completed once and its result shared;
* anything unusual (abstract types, lists of lists, custom `is_type_of`, async
  iterables) goes through graphql-core's own code for that item.

Errors keep the spec's semantics: every error is located at its own path, a null
in a non-null field nulls the nearest nullable ancestor. Only the order of
entries in `errors` may differ from graphql-core's (the spec leaves it open);
`build_response` sorts them by path so that it is deterministic.
"""

from __future__ import annotations

from asyncio import gather
from collections.abc import Mapping
from contextvars import ContextVar
from math import isfinite
from typing import Any

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLError,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLString,
    located_error,
)
from graphql.execution.execute import get_field_def
from graphql.execution.values import get_argument_values
from graphql.pyutils import Undefined, inspect
from graphql.type import (
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)

from ..runtime.eventloop import checkpoint
from .attributes import MISSING, AttributeResolver, is_plain_value
from .paths import Failed, LazyPaths
from .rootfields import OriginalRootExecutionContext

# Built-in scalars whose serializer returns a value of exactly this type unchanged
# (graphql-core's serialize_string/int/boolean/float do; ID turns ints into str).
_STANDARD_SCALARS = {
    "String": GraphQLString,
    "Int": GraphQLInt,
    "Boolean": GraphQLBoolean,
    "Float": GraphQLFloat,
    "ID": GraphQLID,
}
_EXACT_TYPE_OF_SCALAR = {"String": str, "Int": int, "Boolean": bool, "Float": float, "ID": str}

# Where field errors go while an attempt at sharing results is made (see
# `_complete_objects`); None: the execution's `errors`.
_error_sink: ContextVar[list | None] = ContextVar("fastpath_error_sink", default=None)

# `_resolve_all` returned one awaitable giving all values (a batch resolver).
_BATCH = object()


def _first_of_each_type(values: list) -> dict[type, Any]:
    types = set(map(type, values))
    return {t: next(v for v in values if type(v) is t) for t in types}


class BatchedExecutionContext(OriginalRootExecutionContext):
    """ExecutionContext completing lists of objects breadth-first (see module doc)."""

    def build_response(self, data, errors):
        errors.sort(key=_error_sort_key)
        return super().build_response(data, errors)

    def complete_list_value(self, return_type, field_nodes, info, path, result):
        item_type = return_type.of_type
        object_type = item_type.of_type if is_non_null_type(item_type) else item_type
        if (
            isinstance(result, list | tuple)
            and len(result) > 1
            and (is_object_type(object_type) or is_abstract_type(object_type))
            and not self._any_awaitable(result)
        ):
            return self._complete_item_list(item_type, field_nodes, info.parent_type, path, result)
        return super().complete_list_value(return_type, field_nodes, info, path, result)

    async def _complete_item_list(self, item_type, field_nodes, parent_type, path, items):
        paths = LazyPaths(lambda index: path.add_key(index, None), len(items))
        completed = await self._complete_values(item_type, field_nodes, parent_type, items, paths)
        failure = next((value for value in completed if type(value) is Failed), None)
        if failure is not None:
            # Nullable items were nulled already: this is a non-null item failing,
            # which nulls the whole list (raised to the list's field).
            raise failure.error
        return completed

    def _any_awaitable(self, values: list) -> bool:
        is_awaitable = self.is_awaitable
        return any(is_awaitable(v) for v in _first_of_each_type(values).values())

    # -- completing many values of one type at once --------------------------------------

    async def _complete_values(self, return_type, field_nodes, parent_type, values, paths):
        """Complete `values` (each may be an exception) of `return_type`. Returns
        one completed value per input, or Failed where a non-null one failed; a
        nullable failure is recorded in `errors` and becomes None."""
        completed, pending, nullable_type = self._start(return_type, field_nodes, values, paths)
        if pending:
            all_pending = len(pending) == len(values)
            sub_values = values if all_pending else [values[i] for i in pending]
            sub_paths = paths if all_pending else paths.select(pending)
            if is_leaf_type(nullable_type):
                results = self._complete_leaves(nullable_type, field_nodes, sub_values, sub_paths)
            elif is_object_type(nullable_type) and nullable_type.is_type_of is None:
                results = await self._complete_objects(
                    nullable_type, field_nodes, sub_values, sub_paths
                )
            elif is_abstract_type(nullable_type):
                results = await self._complete_abstract(
                    nullable_type, field_nodes, parent_type, sub_values, sub_paths
                )
            elif is_list_type(nullable_type):
                results = await self._complete_lists(
                    nullable_type, field_nodes, parent_type, sub_values, sub_paths
                )
            else:
                results = await self._complete_one_by_one(
                    nullable_type, field_nodes, parent_type, sub_values, sub_paths
                )
            self._merge(completed, pending, results, return_type, field_nodes, paths)
        return self._end(completed, return_type, field_nodes, parent_type, paths)

    def _complete_leaf_values(self, return_type, field_nodes, parent_type, values, paths):
        """`_complete_values` for a leaf type, without awaiting anything."""
        completed, pending, leaf_type = self._start(return_type, field_nodes, values, paths)
        if pending:
            all_pending = len(pending) == len(values)
            sub_values = values if all_pending else [values[i] for i in pending]
            sub_paths = paths if all_pending else paths.select(pending)
            results = self._complete_leaves(leaf_type, field_nodes, sub_values, sub_paths)
            self._merge(completed, pending, results, return_type, field_nodes, paths)
        return self._end(completed, return_type, field_nodes, parent_type, paths)

    def _start(self, return_type, field_nodes, values, paths):
        """Nulls stay None, exceptions fail; returns (completed, indices still to
        complete, the nullable type)."""
        nullable_type = return_type.of_type if is_non_null_type(return_type) else return_type
        completed: list[Any] = [None] * len(values)
        pending = [i for i, v in enumerate(values) if v is not None and v is not Undefined]
        if any(issubclass(t, Exception) for t in set(map(type, values))):
            for index in pending:
                if isinstance(values[index], Exception):
                    completed[index] = self._failure(
                        values[index], field_nodes, paths[index], return_type
                    )
            pending = [i for i in pending if not isinstance(values[i], Exception)]
        return completed, pending, nullable_type

    def _merge(self, completed, pending, results, return_type, field_nodes, paths):
        for index, result in zip(pending, results, strict=True):
            if type(result) is Failed:
                result = self._failure(result.error, field_nodes, paths[index], return_type)
            completed[index] = result

    def _end(self, completed, return_type, field_nodes, parent_type, paths):
        if is_non_null_type(return_type):
            for index, value in enumerate(completed):
                if value is None:
                    message = (
                        "Cannot return null for non-nullable field"
                        f" {parent_type.name}.{field_nodes[0].name.value}."
                    )
                    error = located_error(TypeError(message), field_nodes, paths[index].as_list())
                    completed[index] = Failed(error)
        return completed

    def _failure(self, error, field_nodes, path, return_type):
        error = located_error(error, field_nodes, path.as_list())
        if is_non_null_type(return_type):
            return Failed(error)
        self._record(error, path)
        return None

    def _record(self, error: GraphQLError, path) -> None:
        """A field error at `path` (a graphql-core Path): into the execution's
        collected errors (which drop errors below a position already nulled), or
        into the sink of an attempt at sharing."""
        sink = _error_sink.get()
        if sink is None:
            self.collected_errors.add(error, path)
        else:
            sink.append(error)

    def handle_field_error(self, error, return_type, path):
        # graphql-core's own completion (used for odd shapes) reports here too.
        if is_non_null_type(return_type):
            raise error
        self._record(error, path)

    def _complete_leaves(self, leaf_type, field_nodes, values, paths):
        exact = _EXACT_TYPE_OF_SCALAR.get(leaf_type.name)
        if exact is not None and leaf_type is _STANDARD_SCALARS[leaf_type.name]:
            # The common case of a built-in scalar already holding its Python type
            # (checked by exact type, so bools are never taken for ints), with
            # graphql-core's range check for Int and finiteness check for Float.
            if all(type(value) is exact for value in values):
                if leaf_type is GraphQLInt:
                    in_range = all(GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT for value in values)
                elif leaf_type is GraphQLFloat:
                    in_range = all(map(isfinite, values))
                else:
                    in_range = True
                if in_range:
                    return list(values)
        serialize = leaf_type.serialize
        results = []
        append = results.append
        for index, value in enumerate(values):
            try:
                serialized = serialize(value)
                if serialized is Undefined or serialized is None:
                    raise TypeError(
                        f"Expected `{inspect(leaf_type)}.serialize({inspect(value)})`"
                        f" to return non-nullable value, returned: {inspect(serialized)}"
                    )
                append(serialized)
            except Exception as error:
                append(Failed(located_error(error, field_nodes, paths[index].as_list())))
        return results

    async def _complete_abstract(self, abstract_type, field_nodes, parent_type, values, paths):
        """Resolve each value's runtime type, then complete each group together."""
        resolve_type = abstract_type.resolve_type or self.type_resolver
        field_def = get_field_def(self.schema, parent_type, field_nodes[0])
        groups: dict[GraphQLObjectType, list[int]] = {}
        results: list[Any] = [None] * len(values)
        for index, value in enumerate(values):
            info = self.build_resolve_info(field_def, field_nodes, parent_type, paths[index])
            try:
                runtime_type = resolve_type(value, info, abstract_type)
                if self.is_awaitable(runtime_type):
                    runtime_type = await runtime_type
                runtime_type = self.ensure_valid_runtime_type(
                    runtime_type, abstract_type, field_nodes, info, value
                )
            except Exception as error:
                path = paths[index].as_list()
                results[index] = Failed(located_error(error, field_nodes, path))
                continue
            groups.setdefault(runtime_type, []).append(index)
        for runtime_type, indices in groups.items():
            if runtime_type.is_type_of is not None:
                completed = await self._complete_one_by_one(
                    runtime_type,
                    field_nodes,
                    parent_type,
                    [values[i] for i in indices],
                    paths.select(indices),
                )
            else:
                completed = await self._complete_objects(
                    runtime_type, field_nodes, [values[i] for i in indices], paths.select(indices)
                )
            for index, value in zip(indices, completed, strict=True):
                results[index] = value
        return results

    async def _complete_objects(self, object_type, field_nodes, objects, paths):
        """Complete objects of one type; the same object met twice is done once."""
        first_index: dict[int, int] = {}
        unique: list[int] = []
        for index, obj in enumerate(objects):
            if first_index.setdefault(id(obj), index) == index:
                unique.append(index)
        if len(unique) == len(objects):
            return await self._complete_distinct_objects(object_type, field_nodes, objects, paths)

        # Try sharing; errors of the attempt go to a sink of its own (concurrent
        # branches keep theirs), and are dropped if the attempt must be redone.
        attempt_errors: list[GraphQLError] = []
        token = _error_sink.set(attempt_errors)
        try:
            results = await self._complete_distinct_objects(
                object_type, field_nodes, [objects[i] for i in unique], paths.select(unique)
            )
        finally:
            _error_sink.reset(token)
        if attempt_errors or any(type(r) is Failed for r in results):
            # Errors must be reported at every path they occur: no sharing then.
            return await self._complete_distinct_objects(object_type, field_nodes, objects, paths)
        by_first = dict(zip(unique, results, strict=True))
        return [by_first[first_index[id(obj)]] for obj in objects]

    async def _complete_distinct_objects(self, object_type, field_nodes, objects, paths):
        """All fields of all `objects`. Fields that wait (loaders) are started
        first and completed concurrently, so their batches overlap as they would
        under graphql-core; plain leaf fields complete right away."""
        sub_fields = self.collect_subfields(object_type, field_nodes)
        type_name = object_type.name
        columns: list[tuple[str, Any]] = []  # (response name, completed values or awaitable)
        waiting: list[int] = []
        for response_name, sub_nodes in sub_fields.items():
            await checkpoint()  # a long list: other requests get their turn
            field_def = get_field_def(self.schema, object_type, sub_nodes[0])
            if not field_def:
                continue
            field_paths = paths.field(response_name, type_name)
            values, kind = self._resolve_all(
                field_def, sub_nodes, object_type, objects, field_paths
            )
            return_type = field_def.type
            nullable_type = return_type.of_type if is_non_null_type(return_type) else return_type
            if kind is False and is_leaf_type(nullable_type):
                column = self._complete_leaf_values(
                    return_type, sub_nodes, object_type, values, field_paths
                )
            else:
                waiting.append(len(columns))
                column = self._await_and_complete(
                    values, kind, return_type, sub_nodes, object_type, field_paths
                )
            columns.append((response_name, column))
        if waiting:
            done = await gather(*(columns[i][1] for i in waiting))
            for index, column in zip(waiting, done, strict=True):
                columns[index] = (columns[index][0], column)

        results: list[Any] = [{} for _ in objects]
        for response_name, column in columns:
            if Failed not in set(map(type, column)):
                for result, value in zip(results, column, strict=True):
                    if type(result) is dict:
                        result[response_name] = value
                continue
            for index, value in enumerate(column):
                if type(results[index]) is not dict:
                    continue  # this object failed already
                if type(value) is Failed:
                    results[index] = value  # a non-null field failed: the object fails
                else:
                    results[index][response_name] = value
        return results

    async def _await_and_complete(self, values, kind, return_type, field_nodes, parent_type, paths):
        if kind is _BATCH:
            try:
                values = await values
            except Exception as error:
                values = [error] * len(paths)
        elif kind:
            awaiting = [i for i, value in enumerate(values) if self.is_awaitable(value)]
            if awaiting:
                resolved = await gather(*(values[i] for i in awaiting), return_exceptions=True)
                for index, value in zip(awaiting, resolved, strict=True):
                    values[index] = value
        return await self._complete_values(return_type, field_nodes, parent_type, values, paths)

    def _resolve_all(self, field_def, field_nodes, parent_type, objects, paths):
        """The field's values on every object, and whether some may be awaitable.
        A raising resolver gives its exception as the value."""
        resolve = field_def.resolve or self.field_resolver
        if self.middleware_manager:
            resolve = self.middleware_manager.get_field_resolver(resolve)
        try:
            args = get_argument_values(field_def, field_nodes[0], self.variable_values)
        except Exception as error:
            return [error] * len(objects), False

        if type(resolve) is AttributeResolver and "." not in resolve.attr and not args:
            values = self._read_attribute(resolve.attr, objects, resolve.composite)
            if values is not None:
                return values, False

        info_fields = (
            field_nodes[0].name.value,
            field_nodes,
            field_def.type,
            parent_type,
        )
        shared = (
            self.schema,
            self.fragments,
            self.root_value,
            self.operation,
            self.variable_values,
            self.context_value,
            self.is_awaitable,
        )
        resolve_batch = getattr(resolve, "resolve_batch", None)
        if resolve_batch is not None and not args:
            # One call for all objects (api/loaders.py LoadedField); its info
            # carries the first object's path.
            info = GraphQLResolveInfo(*info_fields, paths[0], *shared)
            return resolve_batch(objects, info), _BATCH

        values = []
        append = values.append
        for index, obj in enumerate(objects):
            info = GraphQLResolveInfo(*info_fields, paths[index], *shared)
            try:
                append(resolve(obj, info, **args))
            except Exception as error:
                append(error)
        return values, True

    @staticmethod
    def _read_attribute(attr: str, objects: list, composite: bool) -> list | None:
        """Plain attribute reads; None when a mapping, a missing attribute, a
        callable value or a plain value where objects belong needs the resolver's
        full behaviour."""
        for cls in set(map(type, objects)):
            if issubclass(cls, Mapping):
                return None
        values = [getattr(obj, attr, MISSING) for obj in objects]
        for value in _first_of_each_type(values).values():
            if value is MISSING or callable(value) or (composite and is_plain_value(value)):
                return None
        return values

    async def _complete_lists(self, list_type, field_nodes, parent_type, values, paths):
        """Lists of objects are flattened, completed together and split again;
        other lists go item by item through graphql-core."""
        item_type = list_type.of_type
        inner_type = item_type.of_type if is_non_null_type(item_type) else item_type
        batchable = is_object_type(inner_type) or is_abstract_type(inner_type)
        if not batchable or not all(isinstance(v, list | tuple) for v in values):
            return await self._complete_one_by_one(
                list_type, field_nodes, parent_type, values, paths
            )
        items, owners, positions, bounds = [], [], [], []
        for owner, value in enumerate(values):
            start = len(items)
            items.extend(value)
            owners.extend([owner] * len(value))
            positions.extend(range(len(value)))
            bounds.append((start, len(items)))
        if self._any_awaitable(items):
            return await self._complete_one_by_one(
                list_type, field_nodes, parent_type, values, paths
            )
        item_paths = LazyPaths(lambda k: paths[owners[k]].add_key(positions[k], None), len(items))
        completed = await self._complete_values(
            item_type, field_nodes, parent_type, items, item_paths
        )
        results = []
        for start, end in bounds:
            elements = completed[start:end]
            failure = next((e for e in elements if type(e) is Failed), None)
            results.append(failure if failure is not None else elements)
        return results

    async def _complete_one_by_one(self, return_type, field_nodes, parent_type, values, paths):
        """graphql-core's own completion, per value (odd shapes, custom is_type_of)."""
        field_def = get_field_def(self.schema, parent_type, field_nodes[0])
        results = []
        for index, value in enumerate(values):
            await checkpoint()
            path = paths[index]
            info = self.build_resolve_info(field_def, field_nodes, parent_type, path)
            try:
                completed = self.complete_value(return_type, field_nodes, info, path, value)
                if self.is_awaitable(completed):
                    completed = await completed
                results.append(completed)
            except Exception as error:
                results.append(Failed(located_error(error, field_nodes, path.as_list())))
        return results


def _error_sort_key(error: GraphQLError):
    return [(0, part) if isinstance(part, int) else (1, part) for part in error.path or ()]
