"""Suppression addresses in their matching form (design §8): emails lower-cased, phones E.164.

New entries are stored that way (channels_app.services.suppressions) and contacts' addresses
too, so an entry kept as it was once typed ("Ada@Example.com") would no longer meet the
contact it blocks. Entries that become one on a channel keep the one already in that form, else the oldest.
"""
from django.db import migrations

from core.addresses import matching_address

BATCH = 2000


def normalise(apps, schema_editor):
    Suppression = apps.get_model("channels_app", "Suppression")
    taken = set(Suppression.objects.exclude(address="").values_list("channel", "address"))
    rows = Suppression.objects.exclude(address="").order_by("id").values_list("id", "channel", "address")
    last = 0
    while batch := list(rows.filter(id__gt=last)[:BATCH]):
        last = batch[-1][0]
        for pk, channel, address in batch:
            wanted = matching_address(address, channel)
            if wanted == address:
                continue
            if (channel, wanted) in taken:
                Suppression.objects.filter(pk=pk).delete()
            else:
                Suppression.objects.filter(pk=pk).update(address=wanted)
                taken.add((channel, wanted))


class Migration(migrations.Migration):

    dependencies = [
        ("channels_app", "0009_inbound_sms_and_unsubscribe_key"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
