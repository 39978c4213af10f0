"""The `admin` role (design section 8: workspace settings) as a Django group, beside journeys' three roles."""
from django.db import migrations

ADMIN = "admin"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ADMIN)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ADMIN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0001_write_keys_and_audit_records"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
