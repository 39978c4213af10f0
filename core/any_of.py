"""`column IN (…)` for long lists of ids, bound as ONE array parameter on PostgreSQL.

Django writes `IN (%s, %s, …)`: for a hot-path batch of a few hundred ids, psycopg converts each
parameter in Python and the server plans a new statement shape per list length. `= ANY(%s::bigint[])`
binds one array literal (core/bulk.array_literal) and keeps one statement shape. Used as a lookup
expression: `Model.objects.filter(AnyOf(F("id"), ids))`; other databases get Django's own IN.
"""
from __future__ import annotations

from django.db.models.lookups import In

from core.bulk import array_literal

INTEGER_TYPES = ("AutoField", "BigAutoField", "BigIntegerField", "IntegerField", "PositiveIntegerField",
                 "ForeignKey", "SmallIntegerField", "PositiveBigIntegerField")


class AnyOf(In):
    def as_postgresql(self, compiler, connection):
        values = [value for value in self.rhs if value is not None]
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        kind = "bigint" if field.get_internal_type() in INTEGER_TYPES else "text"
        prepared = [int(value) if kind == "bigint" else str(value) for value in values]
        return f"{lhs_sql} = ANY(%s::{kind}[])", (*lhs_params, array_literal(prepared))
