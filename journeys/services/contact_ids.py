"""The id of every contact a batch names, created when missing: ids only, as tuples, safe against concurrent
creators. On PostgreSQL the names travel as one array each (core.any_of) and missing contacts are created by one
INSERT … ON CONFLICT DO NOTHING RETURNING (Django's bulk_create built a model instance per new contact and
needed a second read for their ids: about half of a batch's time when the batch brought new contacts)."""
from __future__ import annotations

from django.db import connection
from django.db.models import F

from core import clock
from core.any_of import AnyOf
from core.bulk import insert_rows
from journeys.models import Contact

TABLE = Contact._meta.db_table
# The columns Django fills from field defaults (the table has no database defaults for them).
NEW_CONTACT = {"traits": "'{}'::jsonb", "email": "''", "phone": "''", "timezone": "''"}


def resolve(user_ids: set[str], anonymous_ids: set[str]) -> dict[tuple[str, str], int]:
    """{("user", user_id) | ("anon", anonymous_id): contact id} for every name given."""
    found = _load(user_ids, anonymous_ids)
    missing_users = sorted(u for u in user_ids if ("user", u) not in found)
    missing_anons = sorted(a for a in anonymous_ids if ("anon", a) not in found)
    if not (missing_users or missing_anons):
        return found
    if connection.vendor == "postgresql":
        now = clock.now()
        rows = ([{"user_id": u, "anonymous_id": None, "created_at": now} for u in missing_users]
                + [{"user_id": None, "anonymous_id": a, "created_at": now} for a in missing_anons])
        created = insert_rows(TABLE, {"user_id": "text", "anonymous_id": "text", "created_at": "timestamptz"}, rows,
                              constants={**NEW_CONTACT, "updated_at": "v.created_at"},
                              on_conflict="ON CONFLICT DO NOTHING", returning="id, user_id, anonymous_id")
        for pk, user_id, anonymous_id in created:
            found[("user", user_id) if user_id is not None else ("anon", anonymous_id)] = pk
        if len(created) == len(rows):
            return found
    else:
        # ignore_conflicts: another request may create the same contact meanwhile.
        Contact.objects.bulk_create([Contact(user_id=u) for u in missing_users]
                                    + [Contact(anonymous_id=a) for a in missing_anons], ignore_conflicts=True)
    # Some were created by a concurrent request (or SQLite gave no ids back): read them.
    found.update(_load(set(missing_users), set(missing_anons)))
    return found


def _load(user_ids: set[str], anonymous_ids: set[str]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for kind, column, names in (("user", "user_id", user_ids), ("anon", "anonymous_id", anonymous_ids)):
        if names:  # one array parameter on PostgreSQL (core.any_of), Django's IN elsewhere
            found.update(((kind, name), pk) for pk, name in
                         Contact.objects.filter(AnyOf(F(column), sorted(names))).values_list("id", column))
    return found
