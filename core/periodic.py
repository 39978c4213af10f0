"""Periodic jobs that apps outside `journeys` hand to the scheduler.

The scheduler (journeys/runtime/scheduler.py) runs every registered job when it falls due; an app
registers its jobs in `AppConfig.ready()`. Apps that build on journeys (health's alert evaluation) can
thus be run by it without journeys importing them back. Several schedulers run the same jobs: a job must
make its own work exactly-once in the database (a unique row per rule and minute, `SKIP LOCKED` claims).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PeriodicJob:
    name: str
    every_seconds: float
    run: Callable[[datetime], int]  # given the scheduler's now, returns how many things it did
    next_at: float = field(default=0.0)  # monotonic: the first tick runs it


_JOBS: dict[str, PeriodicJob] = {}


def register(name: str, every_seconds: float, run: Callable[[datetime], int]) -> None:
    """Register (or replace, on a second `ready()`) the job `name`."""
    _JOBS[name] = PeriodicJob(name, every_seconds, run)


def job(name: str) -> PeriodicJob | None:
    """A registered job by name: the benchmark runs one on demand without importing its app."""
    return _JOBS.get(name)


def due_jobs() -> list[PeriodicJob]:
    """The jobs to run now; each is scheduled again `every_seconds` from now."""
    now = time.monotonic()
    due = [job for job in _JOBS.values() if job.next_at <= now]
    for job in due:
        job.next_at = now + job.every_seconds
    return due
