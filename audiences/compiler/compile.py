"""A contact condition (design section 3, plus `segment` and `computed`) compiled to one SQL WHERE.

The query reads `FROM <contact table> c <joins> WHERE <where>`; the result is the set of contacts
for which journeys.graph.conditions.evaluate is true against the runtime's context
(journeys/runtime/context.py): traits by their literal name with the address columns filling in,
event counts, open segment memberships and computed values. The property test
tests/integration/test_condition_compiler_agrees.py holds the two to the same answers.

Event conditions become `c.id IN (SELECT contact_id … GROUP BY … HAVING …)` (or its negation when a
count of zero matches), uncorrelated so the database builds each set once rather than probing per
contact; `scope` (a list of contact ids) narrows every subquery to those contacts for the
incremental refresh after ingest, where the (contact, name, timestamp) index answers them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection

from journeys.graph.conditions import DEFAULT_COUNT, ConditionError, compare
from journeys.graph.fields import describe

from .json_sql import FALSE, Dialect, Sql, dialect_for, literal
from .tables import Tables, tables

ADDRESS_COLUMNS = ("email", "phone", "timezone", "user_id")  # what contact_traits() copies in


@dataclass
class Compiled:
    where: Sql
    joins: list[Sql] = field(default_factory=list)

    def select(self, columns: str = "c.id", tail: str = "") -> Sql:
        """`SELECT columns FROM contacts c … WHERE …` with the joins' parameters before the WHERE's."""
        joins = " ".join(j.text for j in self.joins)
        params = [p for j in self.joins for p in j.params] + self.where.params
        return Sql(f"SELECT {columns} FROM {tables().contact} c {joins} WHERE {self.where.text} {tail}".strip(),
                   params)


class _Compiler:
    def __init__(self, now: datetime, scope: list[int] | None, vendor: str):
        self.now = now
        self.dialect: Dialect = dialect_for(vendor)
        self.t: Tables = tables()
        self.joins: list[Sql] = []
        self.computed_alias: dict[str, str] = {}
        self.scope = None if scope is None else "(" + (",".join(str(int(i)) for i in scope) or "NULL") + ")"

    def condition(self, cond: Any) -> Sql:
        if not isinstance(cond, dict):
            raise ConditionError(f"a condition must be an object, not {describe(cond)}")
        if "all" in cond:
            return Sql.join([self.condition(c) for c in cond["all"]], "AND", "(1 = 1)")
        if "any" in cond:
            return Sql.join([self.condition(c) for c in cond["any"]], "OR", FALSE)
        if "not" in cond:
            inner = self.condition(cond["not"])
            return Sql(f"(NOT {inner.text})", inner.params)
        if "attr" in cond:
            return self.dialect.compare(cond.get("op"), self._trait(cond["attr"]), cond.get("value"))
        if "event" in cond:
            return self._event(cond)
        if "segment" in cond:
            return self._segment(cond["segment"])
        if "computed" in cond:
            return self.dialect.compare(cond.get("op"), self._computed(cond["computed"]), cond.get("value"))
        raise ConditionError(f"unknown condition form: {describe(cond)}")

    def _trait(self, name: str):
        ref = self.dialect.lookup("c.traits", name, dotted=False)
        if name in ADDRESS_COLUMNS:
            ref = self.dialect.column_fallback(ref, f"COALESCE(c.{name}, '')")
        return ref

    def _computed(self, key: str):
        alias = self.computed_alias.get(key)
        if alias is None:
            alias = self.computed_alias[key] = f"cv{len(self.computed_alias)}"
            self.joins.append(Sql(f"LEFT JOIN {self.t.computed} {alias} ON {alias}.contact_id = c.id "
                                  f"AND {alias}.key = {literal(key)}", []))
        return self.dialect.computed(f"{alias}.value")

    def _segment(self, key: str) -> Sql:
        scope = f" AND m.contact_id IN {self.scope}" if self.scope else ""
        return Sql(f"(c.id IN (SELECT m.contact_id FROM {self.t.membership} m JOIN {self.t.segment} s "
                   f"ON s.id = m.segment_id WHERE s.key = %s AND m.exited_at IS NULL{scope}))", [key])

    def _event(self, cond: dict) -> Sql:
        count = cond.get("count") or DEFAULT_COUNT
        op, n = count["op"], count["value"]
        filters, params = ["e.name = %s"], [cond["event"]]
        if cond.get("within_days") is not None:
            since = self.now - timedelta(days=cond["within_days"])
            filters.append("e.timestamp >= %s")
            params.append(connection.ops.adapt_datetimefield_value(since))
        if cond.get("where") is not None:
            where = self._properties(cond["where"])
            filters.append(where.text)
            params += where.params
        if self.scope:
            filters.append(f"e.contact_id IN {self.scope}")
        # Contacts without a matching event have a count of 0 and no group: when 0 matches, the
        # condition is "not among the contacts whose (non-zero) count fails".
        zero_matches = compare(op, 0, n)
        having = _having(op, n, negate=zero_matches)
        if having is False:  # no non-zero count can fail (or pass): no set needed
            return Sql("(1 = 1)" if zero_matches else FALSE, [])
        group = "" if having is True else f" GROUP BY e.contact_id HAVING {having}"
        subquery = f"SELECT e.contact_id FROM {self.t.event} e WHERE {' AND '.join(filters)}{group}"
        if zero_matches:
            return Sql(f"(NOT (c.id IN ({subquery})))", params)
        return Sql(f"(c.id IN ({subquery}))", params)

    def _properties(self, where: Any) -> Sql:
        if not isinstance(where, dict):
            raise ConditionError(f"a property condition must be an object, not {describe(where)}")
        if "all" in where:
            return Sql.join([self._properties(c) for c in where["all"]], "AND", "(1 = 1)")
        if "any" in where:
            return Sql.join([self._properties(c) for c in where["any"]], "OR", FALSE)
        if "not" in where:
            inner = self._properties(where["not"])
            return Sql(f"(NOT {inner.text})", inner.params)
        if "prop" in where:
            ref = self.dialect.lookup("e.properties", where["prop"], dotted=True)
            return self.dialect.compare(where.get("op"), ref, where.get("value"))
        raise ConditionError(f"unknown property condition form: {describe(where)}")


def _having(op: str, n: int, negate: bool) -> str | bool:
    """The HAVING clause picking the groups (a count >= 1) for which `count op n` holds (or fails, with
    `negate`); True when every such group qualifies, False when none does. The ops are monotone or
    single points, so the counts 1, n and n + 1 show whether the answer depends on the count at all."""
    answers = {compare(op, k, n) != negate for k in (1, n, n + 1) if k >= 1}
    if len(answers) == 1:
        return answers.pop()
    sql = f"COUNT(*) {SQL_COUNT_OPS[op]} {int(n)}"
    return f"NOT ({sql})" if negate else sql


SQL_COUNT_OPS = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def compile_condition(cond: dict, now: datetime, scope: list[int] | None = None) -> Compiled:
    """The condition as `SELECT … FROM contacts c <joins> WHERE <where>` parts (validate it first)."""
    compiler = _Compiler(now, scope, connection.vendor)
    where = compiler.condition(cond)
    if compiler.scope:
        where = Sql(f"(c.id IN {compiler.scope} AND {where.text})", where.params)
    return Compiled(where=where, joins=compiler.joins)
