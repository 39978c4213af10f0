"""JSON values in SQL, one class per database, with exactly the semantics of journeys/graph/conditions.py.

A *reference* names one JSON value of the current row (a trait, an event property, a computed
value) and is SQL NULL when the value is missing. Each dialect turns the pure language's
`compare` into SQL over a reference: kinds never compare across (1 vs "1" vs true), a missing
value is false for every op except `neq`, `exists` is false for null, strings order by code
point. Every predicate comes back two-valued (never NULL), so `not` can wrap it safely.

Keys are inlined as quoted SQL literals (`literal`), values travel as parameters.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from journeys.graph.conditions import ORDER_OPS, json_kind as _kind

SQL_OPS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
FALSE = "(1 = 0)"
TRUE = "(1 = 1)"


@dataclass
class Sql:
    text: str
    params: list

    @staticmethod
    def join(parts: list[Sql], glue: str, empty: str) -> Sql:
        if not parts:
            return Sql(empty, [])
        return Sql("(" + f" {glue} ".join(p.text for p in parts) + ")", [x for p in parts for x in p.params])


def literal(text: str) -> str:
    """A string as an SQL literal; `%` doubled because the query is run with parameters."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def two_valued(sql: Sql) -> Sql:
    return Sql(f"COALESCE({sql.text}, {FALSE})", sql.params)


def _number_text(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


class Dialect:
    """What both dialects share: the op dispatch of conditions.compare."""

    def compare(self, op: str, ref: Any, expected: Any) -> Sql:
        if op == "exists":
            return two_valued(self.exists(ref))
        if op == "eq":
            return two_valued(self.eq(ref, expected))
        if op == "neq":
            inner = two_valued(self.eq(ref, expected))
            return Sql(f"(NOT {inner.text})", inner.params)
        if op in ORDER_OPS:
            kind = _kind(expected)
            if kind not in ("number", "string"):
                return Sql(FALSE, [])
            return two_valued(self.order(ref, SQL_OPS[op], expected, kind))
        if op == "in":
            if not isinstance(expected, (list, tuple)):
                return Sql(FALSE, [])
            return two_valued(Sql.join([two_valued(self.eq(ref, item)) for item in expected], "OR", FALSE))
        if op == "contains":
            parts = [self.contains_element(ref, expected)]
            if isinstance(expected, str):
                parts.insert(0, self.contains_text(ref, expected))
            return two_valued(Sql.join(parts, "OR", FALSE))
        raise ValueError(f"unknown op {op!r}")


class PostgresJson(Dialect):
    """A reference is a jsonb expression (SQL NULL when missing)."""

    def lookup(self, doc: str, name: str, dotted: bool) -> str:
        """doc[name]; with `dotted`, a dotted name walks nested objects when the literal key is absent.
        `->` with a text key is NULL on arrays and scalars, as lookup() is MISSING there."""
        direct = f"({doc} -> {literal(name)})"
        if not dotted or "." not in name:
            return direct
        walk = doc + "".join(f" -> {literal(part)}" for part in name.split("."))
        return f"COALESCE({direct}, ({walk}))"

    def column_fallback(self, ref: str, column: str) -> str:
        """contact_traits(): an address column fills the trait when the traits lack it."""
        return f"COALESCE({ref}, CASE WHEN {column} <> '' THEN to_jsonb({column}::text) END)"

    def computed(self, column: str) -> str:
        return f"NULLIF({column}, 'null'::jsonb)"

    def exists(self, ref: str) -> Sql:
        return Sql(f"(jsonb_typeof({ref}) <> 'null')", [])

    def eq(self, ref: str, expected: Any) -> Sql:
        # jsonb equality is kind-aware (true <> 1, 1 <> "1"), numeric (1 = 1.0) and ignores key order.
        return Sql(f"({ref} = CAST(%s AS jsonb))", [json.dumps(expected)])

    def order(self, ref: str, sql_op: str, expected: Any, kind: str) -> Sql:
        if kind == "number":
            return Sql(f"(CASE WHEN jsonb_typeof({ref}) = 'number' THEN ({ref} #>> '{{}}')::numeric {sql_op} "
                       f"CAST(%s AS numeric) ELSE {FALSE} END)", [_number_text(expected)])
        # Code point order, as Python compares str: UTF-8 bytes under the "C" collation.
        return Sql(f"(CASE WHEN jsonb_typeof({ref}) = 'string' THEN ({ref} #>> '{{}}') COLLATE \"C\" {sql_op} "
                   f"(%s COLLATE \"C\") ELSE {FALSE} END)", [expected])

    def contains_text(self, ref: str, expected: str) -> Sql:
        return Sql(f"(CASE WHEN jsonb_typeof({ref}) = 'string' THEN strpos({ref} #>> '{{}}', %s) > 0 "
                   f"ELSE {FALSE} END)", [expected])

    def contains_element(self, ref: str, expected: Any) -> Sql:
        return Sql(f"(CASE WHEN jsonb_typeof({ref}) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements({ref}) "
                   f"AS el(v) WHERE el.v = CAST(%s AS jsonb)) ELSE {FALSE} END)", [json.dumps(expected)])


def _sqlite_key(name: str) -> str | None:
    """One step of an SQLite JSON path, or None: SQLite paths cannot escape a double quote inside a
    key, so such a key is never found (a documented limit of embedded mode)."""
    return None if '"' in name or "\\" in name else '."' + name + '"'


def _sqlite_path(parts: list[str]) -> str:
    steps = [_sqlite_key(part) for part in parts]
    return "NULL" if None in steps else literal("$" + "".join(steps))


class SqliteJson(Dialect):
    """A reference is (doc, path): json_type(doc, path) is NULL when missing. SQLite's json_extract
    turns true into 1, so kinds are read from json_type, and lists and objects compare
    structurally (element by element, key by key) rather than as text."""

    def lookup(self, doc: str, name: str, dotted: bool) -> tuple[str, str]:
        direct = _sqlite_path([name])
        if not dotted or "." not in name:
            return (doc, direct)
        walk = _sqlite_path(name.split("."))
        return (doc, f"(CASE WHEN json_type({doc}, {direct}) IS NOT NULL THEN {direct} ELSE {walk} END)")

    def column_fallback(self, ref: tuple[str, str], column: str) -> tuple[str, str]:
        doc, path = ref
        filled = f"(CASE WHEN json_type({doc}, {path}) IS NULL AND {column} <> '' " \
                 f"THEN json_set({doc}, {path}, {column}) ELSE {doc} END)"
        return (filled, path)

    def computed(self, column: str) -> tuple[str, str]:
        return (f"(CASE WHEN json_type({column}) = 'null' THEN NULL ELSE {column} END)", "'$'")

    @staticmethod
    def _type(ref: tuple[str, str]) -> str:
        return f"json_type({ref[0]}, {ref[1]})"

    @staticmethod
    def _value(ref: tuple[str, str]) -> str:
        return f"json_extract({ref[0]}, {ref[1]})"

    def exists(self, ref) -> Sql:
        return Sql(f"({self._type(ref)} <> 'null')", [])

    def eq(self, ref, expected: Any) -> Sql:
        kind, kind_sql = _kind(expected), self._type(ref)
        if kind == "null":
            return Sql(f"({kind_sql} = 'null')", [])
        if kind == "bool":
            return Sql(f"({kind_sql} = '{'true' if expected else 'false'}')", [])
        if kind == "number":
            return Sql(f"({kind_sql} IN ('integer', 'real') AND {self._value(ref)} = %s)", [expected])
        if kind == "string":
            return Sql(f"({kind_sql} = 'text' AND {self._value(ref)} = %s)", [expected])
        doc, path = ref
        if kind == "list":
            parts = [Sql(f"({kind_sql} = 'array' AND json_array_length({doc}, {path}) = {len(expected)})", [])]
            parts += [self.eq((doc, f"({path} || '[{i}]')"), item) for i, item in enumerate(expected)]
            return Sql.join(parts, "AND", TRUE)
        if kind == "object":
            parts = [Sql(f"({kind_sql} = 'object' AND (SELECT COUNT(*) FROM json_each({doc}, {path})) = "
                         f"{len(expected)})", [])]
            steps = {key: _sqlite_key(str(key)) for key in expected}
            if None in steps.values():
                return Sql(FALSE, [])
            parts += [self.eq((doc, f"({path} || {literal(steps[key])})"), value) for key, value in expected.items()]
            return Sql.join(parts, "AND", TRUE)
        return Sql(FALSE, [])

    def order(self, ref, sql_op: str, expected: Any, kind: str) -> Sql:
        kinds = "('integer', 'real')" if kind == "number" else "('text')"
        return Sql(f"({self._type(ref)} IN {kinds} AND {self._value(ref)} {sql_op} %s)", [expected])

    def contains_text(self, ref, expected: str) -> Sql:
        return Sql(f"({self._type(ref)} = 'text' AND instr({self._value(ref)}, %s) > 0)", [expected])

    def contains_element(self, ref, expected: Any) -> Sql:
        doc, path = ref
        inner = two_valued(self.eq((doc, "je.fullkey"), expected))
        return Sql(f"({self._type(ref)} = 'array' AND EXISTS (SELECT 1 FROM json_each({doc}, {path}) AS je "
                   f"WHERE {inner.text}))", inner.params)


def dialect_for(vendor: str) -> Dialect:
    return PostgresJson() if vendor == "postgresql" else SqliteJson()
