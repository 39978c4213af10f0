"""`journeys_bench --only budget`: a send-rate budget held by two worker processes (design §12).

Queues more SMS than the budget lets through in the window, starts two processes that each run the
delivery path as a worker does (release what waited, claim queued messages in id order, deliver them
through the sandbox), and counts the sends of every second from the messages' `sent_at`. Then both
drain what is left and every message is accounted for: sent, or lost. The bucket lives in Redis when
CACHE_URL (or the broker's URL) is Redis, else in the database.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import datetime, timezone

from django.conf import settings
from django.db import close_old_connections, connection

from channels_app.models import ChannelLimit, Message, MessageStatus, MessageTemplate, SandboxDelivery
from channels_app.services import rate_budget
from channels_app.services.delivery import deliver_messages
from channels_app.services.throttling import release_throttled
from core import clock
from journeys.models import Contact

CHANNEL = "sms"
BATCH = 100
# Not sent yet but on their way (the drain ran out of time): not lost. Lost: failed, or gone.
WAITING = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.DEFERRED)


def worker_loop(first_id: int, last_id: int) -> None:
    """One worker process: the outbox's pick and the deliver actor, in a loop, for this run's messages only.

    Says "ready" once Django is loaded, then runs until the epoch second the parent answers with."""
    print("ready", flush=True)
    until = float(sys.stdin.readline())
    while time.time() < until:
        now = clock.now()
        release_throttled(now)
        ids = list(Message.objects.filter(id__gte=first_id, id__lte=last_id, status=MessageStatus.QUEUED)
                   .exclude(not_before__gt=now).order_by("id").values_list("id", flat=True)[:BATCH])
        if ids:
            deliver_messages(ids)
        else:
            time.sleep(0.01)
        close_old_connections()


def _start_workers(count: int, first_id: int, last_id: int) -> list[subprocess.Popen]:
    """Processes with Django loaded (which takes seconds on a busy machine), waiting for their start signal."""
    code = ("import django; django.setup(); from journeys.bench.budget import worker_loop; "
            f"worker_loop({first_id}, {last_id})")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "journeys.settings")}
    workers = [subprocess.Popen([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(count)]
    for worker in workers:
        if worker.stdout.readline().strip() != "ready":
            raise RuntimeError("a budget worker process did not start")
    return workers


def _run_for(workers: list[subprocess.Popen], seconds: float) -> float:
    """Let the ready workers go for `seconds`; when they started."""
    started = time.time()
    for worker in workers:
        worker.stdin.write(f"{started + seconds}\n")
        worker.stdin.flush()
    for worker in workers:
        worker.wait()
    return started


def _queue_messages(run_id: str, count: int) -> tuple[list[int], list[int]]:
    MessageTemplate.objects.get_or_create(slug="bench-sms", defaults={"channel": "sms", "body": "Hi {{ first_name }}"})
    contacts = Contact.objects.bulk_create([
        Contact(user_id=f"bench-budget-{run_id}-{i}", phone=f"+1555{i:07d}", traits={"first_name": "Ada"})
        for i in range(count)])
    messages = Message.objects.bulk_create([
        Message(contact=contact, channel=CHANNEL, template="bench-sms", address=contact.phone,
                status=MessageStatus.QUEUED, node=f"bench-{run_id}", created_at=clock.now())
        for contact in contacts])
    return [c.pk for c in contacts], [m.pk for m in messages]


def run(out, per_second: int = 50, seconds: int = 60, processes: int = 2) -> dict:
    run_id = uuid.uuid4().hex[:8]
    store = rate_budget.buckets()
    out.write(f"budget: {per_second} {CHANNEL}/s across {processes} worker processes for {seconds} s; "
              f"database {connection.vendor}, bucket in {store.name}")
    previous = ChannelLimit.objects.filter(channel=CHANNEL).values_list("per_second", flat=True).first()
    ChannelLimit.objects.update_or_create(channel=CHANNEL, defaults={"per_second": per_second, "tat_us": 0})
    if store.name == "redis":
        store.client.delete(store.prefix + CHANNEL)
    demand = int(per_second * seconds * 1.2)  # a backlog all along: the budget, not the supply, sets the pace
    contact_ids, ids = _queue_messages(run_id, demand)
    try:
        started = _run_for(_start_workers(processes, ids[0], ids[-1]), seconds)
        # Then drain what is left, so that every message is accounted for.
        _run_for(_start_workers(processes, ids[0], ids[-1]), seconds * 0.3 + 5)
        figures = _figures(ids, started, seconds, per_second)
    finally:
        SandboxDelivery.objects.filter(message_id__in=ids).delete()
        Message.objects.filter(id__in=ids).delete()
        Contact.objects.filter(id__in=contact_ids).delete()
        if previous is None:
            ChannelLimit.objects.filter(channel=CHANNEL).delete()
        else:
            ChannelLimit.objects.filter(channel=CHANNEL).update(per_second=previous)
    _report(out, figures, per_second, seconds)
    return figures


def _figures(ids: list[int], started: float, seconds: int, per_second: int) -> dict:
    rows = Message.objects.filter(id__in=ids)
    statuses = Counter(rows.values_list("status", flat=True))
    begin = datetime.fromtimestamp(started, tz=timezone.utc)
    per_sec = Counter(int((at - begin).total_seconds()) for at in rows.filter(status=MessageStatus.SENT)
                      .values_list("sent_at", flat=True))
    counts = [per_sec.get(s, 0) for s in range(seconds)]
    steady = counts[1:]  # the first second may spend the full bucket (the burst) on top of its refill
    in_window = sum(counts)
    allowed = per_second * seconds + per_second  # the refill over the window plus one burst
    return {
        "budget_per_s": per_second, "budget_window_s": seconds, "budget_messages": len(ids),
        "budget_counts": counts, "budget_sent_in_window": in_window,
        "budget_window_deviation_pct": round((in_window - per_second * seconds) / (per_second * seconds) * 100, 2),
        "budget_within_allowance": in_window <= allowed,
        "budget_max_second_deviation_pct": round(max(abs(c - per_second) for c in steady) / per_second * 100, 1),
        "budget_first_second": counts[0],
        "budget_sent": statuses.get(MessageStatus.SENT, 0),
        "budget_still_waiting": sum(statuses.get(s, 0) for s in WAITING),
        "budget_lost": len(ids) - sum(statuses.get(s, 0) for s in (MessageStatus.SENT, *WAITING)),
        "budget_statuses": dict(statuses),
    }


def _report(out, f: dict, per_second: int, seconds: int) -> None:
    out.write(f"  per-second sends: {' '.join(str(c) for c in f['budget_counts'])}")
    out.write(f"  in the {seconds} s window: {f['budget_sent_in_window']:,} sent vs {per_second * seconds:,} "
              f"budgeted ({f['budget_window_deviation_pct']:+.2f} %; allowance one extra burst of {per_second}); "
              f"first second "
              f"{f['budget_first_second']} (burst + refill); largest deviation of any later second "
              f"{f['budget_max_second_deviation_pct']:.1f} %")
    held = abs(f["budget_window_deviation_pct"]) <= 10
    out.write(f"  none lost: {f['budget_sent']:,} of {f['budget_messages']:,} sent after draining, "
              f"{f['budget_still_waiting']} still waiting, {f['budget_lost']} lost  "
              f"[target: within 10 % over the window, none lost: "
              f"{'met' if held and f['budget_lost'] == 0 else 'MISSED'}]")
