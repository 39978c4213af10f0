"""core.any_of.AnyOf: the same rows as Django's IN, bound as one array on PostgreSQL."""
import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from core.any_of import AnyOf
from journeys.models import Contact


@pytest.mark.django_db
def test_any_of_finds_the_same_rows_as_in_for_ids_and_for_text():
    contacts = [Contact.objects.create(user_id=name) for name in ("a", 'b"quoted', "c,comma", "NULL", "中文")]
    ids = [c.pk for c in contacts[:3]] + [10**12]
    assert (sorted(Contact.objects.filter(AnyOf(F("id"), ids)).values_list("id", flat=True))
            == sorted(Contact.objects.filter(id__in=ids).values_list("id", flat=True)))
    names = ['b"quoted', "c,comma", "NULL", "中文", "missing"]
    assert (sorted(Contact.objects.filter(AnyOf(F("user_id"), names)).values_list("user_id", flat=True))
            == sorted(['b"quoted', "c,comma", "NULL", "中文"]))
    assert list(Contact.objects.filter(AnyOf(F("id"), []))) == []


@pytest.mark.django_db
def test_any_of_binds_one_array_on_postgresql_whatever_the_list_length():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite gets Django's IN list")
    with CaptureQueriesContext(connection) as queries:
        list(Contact.objects.filter(AnyOf(F("id"), list(range(1, 500)))))
    assert "= ANY(" in queries[0]["sql"] and " IN (" not in queries[0]["sql"]
