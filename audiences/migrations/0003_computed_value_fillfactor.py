"""Room on each page of computed values, so the update ingest makes to a contact's values stays on its page.

Every ingest batch rewrites the values of the contacts it touches (count + 1, a new last time, …); none
of those columns is indexed, so with free space on the page PostgreSQL updates in place ("HOT"): no new
entry in either index. At the default fill every update moved the row and wrote both indexes again.
"""
from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audiences_computedvalue SET (fillfactor = 70)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audiences_computedvalue RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("audiences", "0002_computed_values_without_database_foreign_key")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
