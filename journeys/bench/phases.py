"""The measured phases: ingest, enroll-and-run, steady-rate latency."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Sum

from channels_app.models import Message, MessageStatus
from journeys.api.ingest_payloads import parse_batch
from journeys.bench.progress import Progress
from journeys.bench.world import World
from journeys.models import Contact, Enrollment, Event, NodeTally
from journeys.services import journeys as journey_services
from journeys.services.enrollments import enrollment_enter
from journeys.services.ingest import ingest_calls

BATCH = 1000


def ingest(world: World, contacts: int) -> dict:
    """Identify then track every contact through the batch-ingest path (payload parsing included)."""
    progress = Progress("identify", contacts)
    started = time.perf_counter()
    for start in range(0, contacts, BATCH):
        batch = [{"type": "identify", "userId": f"{world.prefix}{i}",
                  "traits": {"first_name": f"C{i}", "phone": f"+1555{i:07d}", "email": f"c{i}@bench.example"}}
                 for i in range(start, min(start + BATCH, contacts))]
        calls, _ = parse_batch({"batch": batch}, BATCH)
        ingest_calls(calls)
        progress.update(start + len(batch))
    identify_seconds = time.perf_counter() - started
    progress = Progress("track", contacts)
    started = time.perf_counter()
    for start in range(0, contacts, BATCH):
        batch = [{"type": "track", "userId": f"{world.prefix}{i}", "event": "bench_page_viewed",
                  "properties": {"page": "/pricing", "n": i}, "messageId": f"{world.run_id}-{i}"}
                 for i in range(start, min(start + BATCH, contacts))]
        calls, _ = parse_batch({"batch": batch}, BATCH)
        ingest_calls(calls)
        progress.update(start + len(batch))
    track_seconds = time.perf_counter() - started
    return {"identify_per_s": contacts / identify_seconds, "ingest_events_per_s": contacts / track_seconds}


class Workers:
    """Dramatiq worker processes and a scheduler on a real broker; threads on the embedded one."""

    def __init__(self, workers: int, threads: int, log_dir: Path):
        self.workers, self.threads, self.log_dir = workers, threads, log_dir
        self.processes: list[subprocess.Popen] = []
        self.embedded = None

    def start(self) -> None:
        if settings.EMBEDDED or not settings.BROKER_URL:
            from journeys.runtime.embedded import EmbeddedRuntime

            self.embedded = EmbeddedRuntime(worker_threads=self.threads * self.workers, scheduler_interval=0.05)
            self.embedded.start()
            return
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        for name, args in (("workers", ["rundramatiq", "--processes", str(self.workers), "--threads", str(self.threads)]),
                           ("scheduler", ["journeys_scheduler", "--interval", "0.05"])):
            log = open(self.log_dir / f"bench-{name}.log", "ab")
            self.processes.append(subprocess.Popen([sys.executable, manage, *args], stdout=log, stderr=subprocess.STDOUT,
                                                   start_new_session=True))
        time.sleep(3)  # let the workers import Django and connect

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def settle(timeout: float = 300) -> float:
    """Wait until the runtime has digested what came before (the ingest's events): seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if not Event.objects.filter(handled_at__isnull=True).exists() and \
                not Message.objects.filter(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]).exists():
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def run(world: World, contacts: int, timeout: float) -> dict:
    """Enroll every contact and wait until all have completed the six-node journey."""
    version = journey_services.journey_publish(world.journey)
    ids = list(Contact.objects.filter(user_id__startswith=world.prefix).order_by("id").values_list("id", flat=True))
    progress = Progress("enroll", len(ids))
    started = time.perf_counter()
    for start in range(0, len(ids), BATCH):
        enrollment_enter(version, ids[start:start + BATCH])
        progress.update(start + BATCH)
    enroll_seconds = time.perf_counter() - started
    progress = Progress("complete", len(ids))
    done = 0
    while done < len(ids):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"only {done:,} of {len(ids):,} enrollments completed within {timeout:.0f}s")
        time.sleep(0.5)
        done = Enrollment.objects.filter(version=version, state="completed").count()
        progress.update(done)
    run_seconds = time.perf_counter() - started
    transitions = (NodeTally.objects.filter(version=version).exclude(node="t")
                   .aggregate(n=Sum("entered"))["n"] or 0)
    messages = Message.objects.filter(journey=world.journey).count()
    policy_seconds = _span(Message.objects.filter(journey=world.journey), "created_at") or run_seconds
    progress = Progress("deliver", messages)
    sent = 0
    while sent < messages and time.perf_counter() - started < timeout:
        time.sleep(0.5)
        sent = Message.objects.filter(journey=world.journey, status=MessageStatus.SENT).count()
        progress.update(sent)
    delivered_seconds = time.perf_counter() - started
    return {
        "enrollments_per_s": len(ids) / enroll_seconds, "transitions": transitions,
        "transitions_per_s": transitions / run_seconds, "messages": messages,
        "messages_per_s": messages / run_seconds, "messages_written_per_s_in_span": messages / max(policy_seconds, 1e-9),
        "delivered_per_s": sent / delivered_seconds, "run_seconds": run_seconds,
    }


def latency(world: World, rate: float, seconds: float) -> dict:
    """Events at a steady rate, one API-sized call each; event received → message written, per event."""
    journey_services.journey_publish(world.latency_journey)
    total = int(rate * seconds)
    users = list(Contact.objects.filter(user_id__startswith=world.prefix).order_by("id")
                 .values_list("user_id", flat=True)[:total])
    from journeys.services.ingest import TrackCall

    progress = Progress("latency", len(users))
    started = time.perf_counter()
    for index, user_id in enumerate(users):
        due = started + index / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        ingest_calls([TrackCall(user_id=user_id, anonymous_id=None, event=world.latency_event)])
        progress.update(index + 1)
    deadline = time.perf_counter() + 60
    while Message.objects.filter(journey=world.latency_journey).count() < len(users) and time.perf_counter() < deadline:
        time.sleep(0.2)
    received = dict(Event.objects.filter(name=world.latency_event, contact__user_id__in=users)
                    .values_list("contact_id", "received_at"))
    written = dict(Message.objects.filter(journey=world.latency_journey).values_list("contact_id", "created_at"))
    samples = sorted((written[c] - received[c]).total_seconds() * 1000 for c in received if c in written)
    if not samples:
        return {"latency_p50_ms": None, "latency_p95_ms": None, "latency_p99_ms": None, "latency_samples": 0}
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]  # noqa: E731
    return {"latency_p50_ms": pick(0.50), "latency_p95_ms": pick(0.95), "latency_p99_ms": pick(0.99),
            "latency_samples": len(samples), "latency_missing": len(users) - len(samples)}


def _span(queryset, field: str) -> float | None:
    from django.db.models import Max, Min

    bounds = queryset.aggregate(first=Min(field), last=Max(field))
    if not bounds["first"]:
        return None
    return (bounds["last"] - bounds["first"]).total_seconds()


def database_label() -> str:
    return f"{connection.vendor} {connection.settings_dict.get('NAME')}"
