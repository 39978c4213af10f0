"""Embedded mode: Dramatiq worker threads on the in-process broker, plus the scheduler thread.

`manage.py journeys_run` starts this beside the web server when no BROKER_URL is
set, so one process is a working system. Messages live in memory, but nothing is
lost on a restart: the database holds every wait, and the scheduler's sweeps
re-enqueue active enrollments and queued messages whose messages were in memory.
"""
from __future__ import annotations

import logging
import threading

import dramatiq

log = logging.getLogger(__name__)


class EmbeddedRuntime:
    def __init__(self, worker_threads: int = 4, scheduler_interval: float = 0.1):
        self.worker_threads = worker_threads
        self.scheduler_interval = scheduler_interval
        self._stop = threading.Event()
        self._worker = None
        self._scheduler_thread = None

    def start(self) -> None:
        from journeys.runtime import actors  # noqa: F401  (declares the actors on the broker)
        from journeys.runtime.dispatch import consumed_here
        from journeys.runtime.scheduler import Scheduler

        consumed_here()

        broker = dramatiq.get_broker()
        self._worker = dramatiq.Worker(broker, worker_threads=self.worker_threads, worker_timeout=100)
        self._worker.start()
        scheduler = Scheduler(interval=self.scheduler_interval)
        self._scheduler_thread = threading.Thread(target=scheduler.run, args=(self._stop,), name="journeys-scheduler",
                                                  daemon=True)
        self._scheduler_thread.start()
        log.info("embedded runtime: %d worker threads and the scheduler are running", self.worker_threads)

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not None:
            self._worker.stop(timeout=5000)
        if self._scheduler_thread is not None:
            self._scheduler_thread.join(timeout=5)
