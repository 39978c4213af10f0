"""Send-rate budgets: writes. Delivery reads them per batch (channels_app/services/throttling.py)."""
from __future__ import annotations

from django.db import transaction

from channels_app.models import Channel, ChannelLimit
from core.errors import InvalidInput
from workspace.services.audit import Change, audit_record

MAX_PER_SECOND = 100_000  # beyond any provider's limit: a typo


def channel_limits_snapshot() -> dict[str, dict]:
    """`{"sms": {"per_second": 50}, …}`: the API's shape, channels without a budget left out."""
    return {channel: {"per_second": rate}
            for channel, rate in ChannelLimit.objects.order_by("channel").values_list("channel", "per_second")}


def _checked(limits: dict[str, int | None]) -> dict[str, int | None]:
    for channel, rate in limits.items():
        if channel not in Channel.values:
            raise InvalidInput(f"unknown channel; one of {', '.join(Channel.values)}", field=channel)
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int)
                                 or not 1 <= rate <= MAX_PER_SECOND):
            raise InvalidInput(f"per_second must be a whole number from 1 to {MAX_PER_SECOND}",
                               field=f"{channel}.per_second")
    return limits


def channel_limits_set(limits: dict[str, int | None], *, replace: bool, actor=None) -> dict[str, dict]:
    """Set each channel's budget (None: no budget). `replace`: channels left out lose theirs (PUT).

    A changed budget keeps its bucket's state, so changing it never lets a burst through.
    """
    limits = _checked(dict(limits))
    with transaction.atomic():
        before = channel_limits_snapshot()
        if replace:
            limits = {channel: None for channel in before} | limits
        for channel, rate in limits.items():
            if rate is None:
                ChannelLimit.objects.filter(channel=channel).delete()
            elif not ChannelLimit.objects.filter(channel=channel).update(per_second=rate):
                ChannelLimit.objects.create(channel=channel, per_second=rate)
        after = channel_limits_snapshot()
        if after != before:
            audit_record(actor, Change("channel_limits.changed", "channel_limits", "all", before=before, after=after))
    return after
