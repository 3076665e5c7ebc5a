"""A query's root fields, and the errors reported when one of them nulls the answer.

When a non-null root field fails (`shipments` for a user without shipment:read),
the whole `data` is null. Which *other* errors the answer still reports depends on
how far execution got: graphql-core stops starting root fields at the failing one
and drops errors that arrive after it. The original back-end resolves in line (its
resolvers query the database synchronously) except where a resolver hands a
DataLoader's future back (or is a coroutine). So by the time its failing field
raises, the root fields before it in the document have run up to their loader
fields and reported the errors met on the way (a box of another base, a base's tags
the user may not read); the loader fields' own values and errors would only have
come later, and the root fields after the failing one never ran.

Ours resolves almost everything asynchronously, so graphql-core alone would report
none of those errors. `OriginalRootExecutionContext` answers as the original does:
the root fields before the first failing one (in document order) are run to their
end, and of their errors those the original meets before its first loader are kept:
an error is left out if a field on its path is one the original resolves later
(declared by the domains with `resolved_later_by_the_original`). Mutations run their
root fields one after another and are left to graphql-core.
"""

from __future__ import annotations

from asyncio import gather
from typing import Any

from graphql import (
    ExecutionContext,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    get_named_type,
    is_abstract_type,
)
from graphql.pyutils import Path, Undefined

# (type name, field name) -> whether the original checks permissions before it
# defers (then errors at the field itself come at once, those below it later).
_RESOLVED_LATER: dict[tuple[str, str], bool] = {}


def resolved_later_by_the_original(
    type_name: str, *field_names: str, checks_first: bool = False
) -> None:
    """Declare fields the original resolves through a DataLoader or a coroutine:
    their values and errors come after the synchronous part of its execution. With
    `checks_first` its resolver authorizes before deferring, so errors at the field
    itself come at once."""
    for name in field_names:
        _RESOLVED_LATER[(type_name, name)] = checks_first


class OriginalRootExecutionContext(ExecutionContext):
    def execute_fields(self, parent_type, source_value, path, fields):
        if path is not None:
            return super().execute_fields(parent_type, source_value, path, fields)
        results: dict[str, Any] = {}
        started: list[str] = []
        for response_name, field_nodes in fields.items():
            field_path = Path(None, response_name, parent_type.name)
            started.append(response_name)
            try:
                result = self.execute_field(parent_type, source_value, field_nodes, field_path)
            except GraphQLError as error:
                results[response_name] = error
                break
            if result is not Undefined:
                results[response_name] = result
        pending = [name for name in started if self.is_awaitable(results.get(name))]
        if pending:
            return self._settle(results, started, pending)
        self._fail_at_first_failure(results, started)
        return results

    async def _settle(self, results: dict, started: list[str], pending: list[str]) -> dict:
        values = await gather(*(results[name] for name in pending), return_exceptions=True)
        results.update(zip(pending, values, strict=True))
        self._fail_at_first_failure(results, started)
        return results

    def _fail_at_first_failure(self, results: dict, started: list[str]) -> None:
        """Raise the error of the first root field (in document order) that failed,
        keeping only the errors the original reports along with it."""
        for index, name in enumerate(started):
            failure = results.get(name)
            if isinstance(failure, BaseException):
                before = set(started[:index])
                errors = self.collected_errors.errors
                errors[:] = [
                    e
                    for e in errors
                    if e.path and e.path[0] in before and self._met_before_loaders(e.path)
                ]
                raise failure

    def _met_before_loaders(self, path: list) -> bool:
        """Whether the original reaches the error at `path` without waiting for a
        DataLoader: no field on the way is resolved later (the last one may be, if
        the original checks permissions first)."""
        fields = _fields_on_path(self, path)
        for position, (type_name, field_name) in enumerate(fields):
            checks_first = _resolved_later(self.schema, type_name, field_name)
            if checks_first is None:
                continue
            if not (checks_first and position == len(fields) - 1):
                return False
        return True


def _resolved_later(schema, type_name: str, field_name: str) -> bool | None:
    """The declaration of the field (of any type implementing an abstract type), or
    None."""
    declared = _RESOLVED_LATER.get((type_name, field_name))
    named = schema.get_type(type_name)
    if declared is None and named is not None and is_abstract_type(named):
        for possible in schema.get_possible_types(named):
            declared = _RESOLVED_LATER.get((possible.name, field_name))
            if declared is not None:
                break
    return declared


def _fields_on_path(context: ExecutionContext, path: list) -> list[tuple[str, str]]:
    """(type name, field name) of each field on a response path, found in the
    operation's document (fragments and aliases followed). Under an abstract type,
    the type of an inline fragment or fragment naming the field, else the
    abstract type itself."""
    schema = context.schema
    parent = schema.query_type
    selections = list(context.operation.selection_set.selections)
    found: list[tuple[str, str]] = []
    for key in path:
        if isinstance(key, int):
            continue
        nodes = _field_nodes(context, selections, key, parent.name)
        if not nodes:
            break
        type_name = nodes[0][0]
        field_name = nodes[0][1].name.value
        found.append((type_name, field_name))
        owner = schema.get_type(type_name)
        field_def = getattr(owner, "fields", {}).get(field_name)
        if field_def is None:
            break
        parent = get_named_type(field_def.type)
        selections = [
            selection
            for _, node in nodes
            if node.selection_set
            for selection in node.selection_set.selections
        ]
    return found


def _field_nodes(context, selections, response_key: str, type_name: str) -> list:
    """(type name, field node) of the selections answering `response_key`."""
    found = []
    for selection in selections:
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            if key == response_key:
                found.append((type_name, selection))
        elif isinstance(selection, InlineFragmentNode | FragmentSpreadNode):
            if isinstance(selection, FragmentSpreadNode):
                fragment = context.fragments.get(selection.name.value)
                if fragment is None:
                    continue
                condition, inner = fragment.type_condition, fragment.selection_set
            else:
                condition, inner = selection.type_condition, selection.selection_set
            inner_type = condition.name.value if condition else type_name
            found += _field_nodes(context, inner.selections, response_key, inner_type)
    return found
