"""`manage.py journeys_scheduler`: wake due waits and sweep orphaned work. Run one or more (production)."""
import signal
import threading

from django.core.management.base import BaseCommand

from journeys.runtime.scheduler import Scheduler


class Command(BaseCommand):
    help = "Run the scheduler: claims due waits (FOR UPDATE SKIP LOCKED) and re-enqueues orphaned work."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.1, help="seconds between ticks (default 0.1)")
        parser.add_argument("--segment-every", type=float, default=None,
                            help="seconds between segment re-evaluations (default JOURNEYS_SEGMENT_REEVALUATE_SECONDS)")

    def handle(self, *args, interval, segment_every, **options):
        from journeys.runtime import actors  # noqa: F401  (the scheduler enqueues onto these actors)

        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Scheduler running, tick every {interval}s. Ctrl+C stops it.")
        Scheduler(interval=interval, segment_every=segment_every).run(stop)
