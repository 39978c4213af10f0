"""Runtime test infrastructure: a controlled clock and Dramatiq's StubBroker, drained in this thread.

`runner` runs the real actors: what the services enqueue (after commit) lands on a
StubBroker, and `drain` takes each message off its queue and calls the actor in
the test's thread, in order, at the test's clock. No sleeping, no worker threads:
time moves only when a test moves it, and a failure surfaces as the test's own.
"""
from datetime import datetime, timedelta, timezone

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

from channels_app.models import MessageTemplate
from journeys.runtime import actors
from core import clock as runtime_clock
from journeys.runtime.scheduler import Scheduler, dispatch_new_events, dispatch_queued_messages
from journeys.services import journeys as journey_services
from journeys.services.ingest import IdentifyCall, TrackCall, ingest_calls

ACTORS = [actors.advance, actors.handle_events, actors.handle_identifies, actors.launch_step, actors.deliver]
QUEUES = ("journeys", "deliveries")

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)  # a Monday, noon UTC


class Clock:
    def __init__(self, start: datetime):
        self.now = start
        runtime_clock.set_time(start)

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        runtime_clock.set_time(self.now)
        return self.now

    def set(self, at: datetime) -> None:
        self.now = at
        runtime_clock.set_time(at)


@pytest.fixture
def clock():
    yield Clock(T0)
    runtime_clock.set_time(None)


class Runner:
    def __init__(self, capture, clock: Clock, broker: StubBroker):
        self.capture = capture
        self.clock = clock
        self.broker = broker
        self.ran: list[tuple[str, list]] = []

    def call(self, fn, *args, **kwargs):
        with self.capture(execute=True):
            result = fn(*args, **kwargs)
        self.drain()
        return result

    def drain(self) -> None:
        """Run every enqueued actor message, including what the outbox scans find: new events, queued messages."""
        while True:
            with self.capture(execute=True):
                dispatch_new_events(self.clock.now)
                dispatch_queued_messages(self.clock.now)
            if not self._run_queued():
                return

    def _run_queued(self) -> bool:
        ran = False
        for queue in QUEUES:
            pending = self.broker.queues[queue]
            while not pending.empty():
                message = dramatiq.Message.decode(pending.get_nowait())
                actor = self.broker.get_actor(message.actor_name)
                self.ran.append((message.actor_name, list(message.args[0])))
                with self.capture(execute=True):
                    actor.fn(*message.args, **message.kwargs)
                ran = True
        return ran

    # -- what a test does, in domain words ------------------------------------------
    def identify(self, user_id: str, **traits):
        return self.call(ingest_calls, [IdentifyCall(user_id=user_id, anonymous_id=None, traits=traits)])

    def track(self, user_id: str, event: str, **properties):
        return self.call(ingest_calls, [TrackCall(user_id=user_id, anonymous_id=None, event=event,
                                                  properties=properties, timestamp=self.clock.now)])

    def tick(self):
        return self.call(Scheduler(segment_every=10**9).tick, self.clock.now)

    def wait(self, **delta):
        """Let time pass and the scheduler fire what became due."""
        self.clock.advance(**delta)
        return self.tick()


@pytest.fixture
def stub_broker():
    """The runtime's actors on a fresh StubBroker for the test, whatever broker the settings configure."""
    previous = dramatiq.get_broker()
    broker = StubBroker()
    broker.emit_after("process_boot")
    dramatiq.set_broker(broker)
    for actor in ACTORS:
        actor.broker = broker
        broker.declare_actor(actor)
    yield broker
    broker.flush_all()
    broker.close()
    dramatiq.set_broker(previous)
    for actor in ACTORS:
        actor.broker = previous


@pytest.fixture
def runner(django_capture_on_commit_callbacks, clock, stub_broker):
    return Runner(django_capture_on_commit_callbacks, clock, stub_broker)


@pytest.fixture
def templates(db):
    """One template per channel, plus the ones the shared examples use."""
    specs = {
        "hello-sms": ("sms", {"body": "Hi {{ first_name }}"}),
        "hello-email": ("email", {"subject": "Hi", "body": "Hello {{ first_name }}", "html": "<p>Hello</p>"}),
        "hello-hook": ("webhook", {"url": "https://hooks.example.com/in", "body": "{}"}),
        "hello-inapp": ("inapp", {"title": "Hi", "body": "In-app"}),
    }
    return {slug: MessageTemplate.objects.create(slug=slug, channel=channel, **fields)
            for slug, (channel, fields) in specs.items()}


def live_journey(graph: dict, name: str = "Journey"):
    """Create and publish a journey from a schema-1 graph dict."""
    journey = journey_services.journey_create(name=name, graph=journey_services.parse_graph(graph))
    journey_services.journey_publish(journey)
    journey.refresh_from_db()
    return journey


def chain(*nodes, settings=None, edges=None):
    """A graph from (id, type, config) triples, wired in order through their first port unless `edges` given."""
    spec_nodes = [{"id": i, "type": t, "config": c, "position": {"x": 0, "y": n * 100}} for n, (i, t, c) in enumerate(nodes)]
    if edges is None:
        edges = [{"source": a[0], "target": b[0], "port": "next"} for a, b in zip(nodes, nodes[1:])]
    else:
        edges = [{"source": s, "target": t, "port": p} for s, p, t in edges]
    return {"schema": 1, "nodes": spec_nodes, "edges": edges, "settings": settings or {"reentry": "never"}}
