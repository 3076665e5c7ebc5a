"""Reading result sets faster than PyMySQL does, with exactly its values.

PyMySQL decodes a text-protocol row through several method calls per column
(length prefix, slice, decode, convert) and parses every column description
packet of every result anew. For a page of boxes that is most of the CPU a DB
thread spends on a query, more than the database spends running it. Here:

* a row is decoded by one loop over its bytes;
* column descriptions are parsed once per distinct packet (the same statements
  come back with the same bytes) and then looked up;
* DATETIME text in its common form (no fraction) goes through
  `datetime.fromisoformat`, the zero date (every live box's `deleted`) stays its
  text as PyMySQL leaves it, anything else goes through PyMySQL's own converter.

Only buffered result sets of the text protocol take this path (all the app
reads); unbuffered reads, OK and error packets stay PyMySQL's. Values and
descriptions are identical to PyMySQL's: tests/test_result_rows.py compares the
two over every table of the schema.
"""

from __future__ import annotations

import datetime

import pymysql
from pymysql import converters
from pymysql.connections import TEXT_TYPES, MySQLResult
from pymysql.constants import FIELD_TYPE
from pymysql.protocol import FieldDescriptorPacket

NULL_COLUMN = 251  # length prefix of a NULL value
TWO_BYTE_LENGTH, THREE_BYTE_LENGTH = 252, 253  # (254: eight bytes)
DATETIME_TEXT_LENGTH = len("2024-01-31 12:00:00")


ZERO_DATETIME = "0000-00-00 00:00:00"


def convert_datetime(text: str):
    if text == ZERO_DATETIME:
        return text  # PyMySQL's converter gives invalid dates back as their text
    if len(text) == DATETIME_TEXT_LENGTH:
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            pass  # e.g. the zero date
    return converters.convert_datetime(text)


# PyMySQL's conversions (`conv`) with the faster DATETIME converter (same results).
CONVERSIONS = {**converters.conversions, FIELD_TYPE.DATETIME: convert_datetime}

# Parsed column descriptions by packet bytes and connection encoding. Bounded: a
# process only ever sees its statements' columns, but ad-hoc SQL should not grow it.
_columns: dict[tuple[bytes, str], tuple[FieldDescriptorPacket, tuple]] = {}
_COLUMNS_KEPT = 4096


class FastResult(MySQLResult):
    def _get_descriptions(self):
        connection = self.connection
        encoding = connection.encoding
        fields, row_converters, description = [], [], []
        for _ in range(self.field_count):
            data = connection._read_packet()._data
            column = _columns.get((data, encoding))
            if column is None:
                field = FieldDescriptorPacket(data, encoding)
                column = (field, field.description())
                if len(_columns) >= _COLUMNS_KEPT:
                    _columns.clear()
                _columns[(data, encoding)] = column
            fields.append(column[0])
            description.append(column[1])
            row_converters.append(_value_converter(connection, column[0]))
        eof_packet = connection._read_packet()
        if not eof_packet.is_eof_packet():
            raise pymysql.err.InternalError("protocol error: no EOF after the columns")
        self.fields = fields
        self.converters = row_converters
        self.description = tuple(description)

    def _read_rowdata_packet(self):
        read_packet = self.connection._read_packet
        row_converters = self.converters
        rows = []
        while True:
            packet = read_packet()
            if self._check_packet_is_eof(packet):  # also reads warnings and has_next
                self.connection = None
                break
            rows.append(_decode_row(packet._data, row_converters))
        self.affected_rows = len(rows)
        self.rows = tuple(rows)


def _decode_row(data: bytes, row_converters: list) -> tuple:
    row = []
    add = row.append
    start = 0
    for encoding, converter in row_converters:
        try:
            prefix = data[start]
        except IndexError:
            break  # a row with fewer columns than described: PyMySQL keeps it short
        if prefix < NULL_COLUMN:
            start += 1
            end = start + prefix
        elif prefix == NULL_COLUMN:
            add(None)
            start += 1
            continue
        elif prefix == TWO_BYTE_LENGTH:
            end = start + 3 + int.from_bytes(data[start + 1 : start + 3], "little")
            start += 3
        elif prefix == THREE_BYTE_LENGTH:
            end = start + 4 + int.from_bytes(data[start + 1 : start + 4], "little")
            start += 4
        else:
            end = start + 9 + int.from_bytes(data[start + 1 : start + 9], "little")
            start += 9
        value = data[start:end]
        start = end
        if encoding is not None:
            value = value.decode(encoding)
        if converter is not None:
            value = converter(value)
        add(value)
    return tuple(row)


def _value_converter(connection, field) -> tuple[str | None, object]:
    """(text encoding, converter) of a column's values, chosen as PyMySQL does."""
    field_type = field.type_code
    if not connection.use_unicode:
        encoding = None
    elif field_type == FIELD_TYPE.JSON:
        encoding = connection.encoding
    elif field_type in TEXT_TYPES:
        encoding = None if field.charsetnr == 63 else connection.encoding  # 63: binary
    else:
        encoding = "ascii"
    converter = connection.decoders.get(field_type)
    if converter is converters.through:
        converter = None
    return encoding, converter


class FastResultConnection(pymysql.connections.Connection):
    """A PyMySQL connection whose buffered results are read by FastResult."""

    def _read_query_result(self, unbuffered=False):
        if unbuffered:
            return super()._read_query_result(unbuffered=True)
        self._result = None
        result = FastResult(self)
        result.read()
        self._result = result
        if result.server_status is not None:
            self.server_status = result.server_status
        return result.affected_rows
