"""Ingest's contact resolution and the array literals bound as one parameter (core/bulk.array_literal)."""
import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.bulk import array_literal
from journeys.models import Contact
from journeys.services import contact_ids


# PostgreSQL text cannot hold NUL; everything else must come back as it went in.
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), TEXT, st.sampled_from(["NULL", "", '"', "\\", "{a,b}", " x ", "中文"])),
                max_size=20))
def test_a_text_array_literal_reads_back_as_the_same_strings(values):
    if connection.vendor != "postgresql":
        pytest.skip("array literals are PostgreSQL's syntax")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [array_literal(values)])
        assert cursor.fetchone()[0] == values


@pytest.mark.django_db
def test_an_integer_array_literal_reads_back_as_the_same_integers():
    if connection.vendor != "postgresql":
        pytest.skip("array literals are PostgreSQL's syntax")
    values = [1, -5, 2**62, 0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::bigint[]", [array_literal(values)])
        assert cursor.fetchone()[0] == values


@pytest.mark.django_db
def test_resolve_creates_missing_contacts_and_finds_existing_ones_by_either_id():
    known = Contact.objects.create(user_id="u-known")
    anonymous = Contact.objects.create(anonymous_id="a-known")
    found = contact_ids.resolve({"u-known", "u-new"}, {"a-known", "a-new"})
    assert found[("user", "u-known")] == known.pk
    assert found[("anon", "a-known")] == anonymous.pk
    created = Contact.objects.get(pk=found[("user", "u-new")])
    assert (created.user_id, created.anonymous_id, created.traits, created.email, created.phone) == (
        "u-new", None, {}, "", "")
    assert abs((created.updated_at - created.created_at).total_seconds()) < 1
    assert Contact.objects.get(pk=found[("anon", "a-new")]).anonymous_id == "a-new"
    assert Contact.objects.count() == 4
    assert contact_ids.resolve({"u-new"}, set()) == {("user", "u-new"): found[("user", "u-new")]}


@pytest.mark.django_db(transaction=True)
def test_two_batches_creating_the_same_contacts_at_once_get_the_same_ids():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite has one writer)")
    names = {f"race-{i}" for i in range(200)}
    results, errors, start = [], [], threading.Barrier(2)

    def create():
        from django.db import connection as own, transaction

        try:
            start.wait()
            with transaction.atomic():
                results.append(contact_ids.resolve(names, set()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results[0] == results[1] and len(results[0]) == 200
    assert Contact.objects.filter(user_id__startswith="race-").count() == 200
