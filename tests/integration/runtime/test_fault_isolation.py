"""One bad row never sinks its batch: advance, event handling, segment entry, launches and the scheduler's
sweeps go on without it, and the bad row is marked failed with the error as its reason, after bounded tries."""
from datetime import timedelta

import pytest
from django.test import override_settings

from channels_app.models import Message
from journeys.models import Contact, Enrollment, Event, Launch
from journeys.runtime import scheduler
from journeys.runtime.scheduler import Scheduler, rescue_stale_active
from journeys.services import advancing
from journeys.services.advancing import MAX_ATTEMPTS, enrollment_advance
from journeys.services.enrollments import enrollment_enter
from journeys.services.events import handle_events, handle_identifies
from journeys.services.launches import launch_step
from tests.integration.runtime.conftest import T0, chain, live_journey

pytestmark = pytest.mark.django_db

QUIET_AT_NOON_UTC = {"reentry": "never", "quiet_hours": {"start": "11:00", "end": "13:00"}}


class WorkerKilled(BaseException):
    """Stands in for kill -9: nothing in the process gets to handle it."""


def sms_journey(settings=None):
    return live_journey(chain(
        ("t", "trigger", {"event": "go"}),
        ("s", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("x", "exit", {}),
        settings=settings,
    ))


def contacts(*zones):
    return [Contact.objects.create(user_id=f"c{i}", phone=f"+1555000{i:04d}", timezone=zone)
            for i, zone in enumerate(zones)]


def raise_for_zone(monkeypatch, poison: str, exc: BaseException):
    """The contact whose stored zone is `poison` makes its run raise (as bad stored data did)."""
    real = advancing.zone_name

    def zone_name(name, fallback="UTC"):
        if name == poison:
            raise exc
        return real(name, fallback)

    monkeypatch.setattr(advancing, "zone_name", zone_name)


def test_contacts_with_invalid_stored_zones_fall_back_to_utc_and_the_batch_advances(runner, templates):
    # Given a journey with quiet hours 11:00–13:00 in the contact's zone, at noon UTC, and contacts whose
    # stored zone is a directory name, the column's full 64 characters, a path, or valid (Tokyo: 21:00 there)
    version = sms_journey(QUIET_AT_NOON_UTC).versions.get()
    people = contacts("Europe", "x" * 64, "Europe/", "../etc/passwd", "Asia/Tokyo")
    # When they all enter in one batch
    runner.call(enrollment_enter, version, [c.pk for c in people])
    # Then nobody failed: the invalid zones were read as UTC (deferred to 13:00 UTC), Tokyo's send went out
    statuses = dict(Message.objects.values_list("contact__user_id", "status"))
    assert statuses == {"c0": "deferred", "c1": "deferred", "c2": "deferred", "c3": "deferred", "c4": "sent"}
    deferred = Message.objects.filter(status="deferred")
    assert {m.not_before for m in deferred} == {T0.replace(hour=13)}
    assert all(" UTC;" in m.reason for m in deferred)
    assert set(Enrollment.objects.values_list("state", flat=True)) == {"waiting", "completed"}


def test_a_row_that_raises_is_failed_with_its_reason_and_the_rest_of_the_batch_advances(runner, templates, monkeypatch):
    # Given a batch of three enrollments, the middle contact's data makes its run raise
    version = sms_journey().versions.get()
    people = contacts("UTC", "Poison/Zone", "UTC")
    raise_for_zone(monkeypatch, "Poison/Zone", IsADirectoryError(21, "Is a directory"))
    # When the batch is advanced
    runner.call(enrollment_enter, version, [c.pk for c in people])
    # Then the other two completed and were sent their SMS
    states = dict(Enrollment.objects.values_list("contact__user_id", "state"))
    assert states == {"c0": "completed", "c1": "failed", "c2": "completed"}
    assert dict(Message.objects.values_list("contact__user_id", "status")) == {"c0": "sent", "c2": "sent"}
    # and the bad one is failed, with the exception class and message as its reason
    failed = Enrollment.objects.get(contact__user_id="c1")
    assert failed.exit_reason == "IsADirectoryError: [Errno 21] Is a directory" and failed.exited_at == T0


def test_a_row_that_kills_its_worker_is_failed_after_bounded_tries_and_its_batch_mates_advance(
        clock, templates, monkeypatch, django_capture_on_commit_callbacks):
    # Given a batch whose first enrollment takes its worker down every time it runs
    version = sms_journey().versions.get()
    poison, innocent = contacts("Poison/Zone", "UTC")
    with django_capture_on_commit_callbacks():
        enrollment_enter(version, [poison.pk, innocent.pk])
    raise_for_zone(monkeypatch, "Poison/Zone", WorkerKilled())
    ids = list(Enrollment.objects.order_by("id").values_list("id", flat=True))
    with pytest.raises(WorkerKilled):
        enrollment_advance(ids)
    # When the stale-active sweep hands them out again, lease after lease
    rounds = 0
    with override_settings(JOURNEYS_ACTIVE_LEASE_SECONDS=60):
        while Enrollment.objects.filter(state="active").exists():
            rounds += 1
            assert rounds <= MAX_ATTEMPTS + 2, "the poison row must not loop forever"
            with django_capture_on_commit_callbacks():
                rescued = rescue_stale_active(clock.advance(seconds=61))
            try:
                enrollment_advance(rescued)
            except WorkerKilled:
                continue
    # Then the poison row is failed after MAX_ATTEMPTS tries, and the one behind it completed once
    failed = Enrollment.objects.get(contact=poison)
    assert failed.state == "failed" and failed.exit_reason.startswith(f"gave up after {MAX_ATTEMPTS} interrupted")
    done = Enrollment.objects.get(contact=innocent)
    assert (done.state, done.attempts) == ("completed", 0)
    assert Message.objects.filter(contact=innocent).count() == 1


def test_an_event_whose_handling_raises_is_marked_with_the_error_and_the_others_enter(
        runner, templates, monkeypatch):
    # Given three "go" events in one batch, one of them from a contact whose entry raises
    sms_journey()
    people = contacts("UTC", "Poison/Zone", "UTC")
    from journeys.services import events as event_services

    real_advance = event_services.enrollment_advance

    def advance(ids, now=None):  # the entry itself raises for the poison contact, before any advance
        if Enrollment.objects.filter(id__in=ids, contact__timezone="Poison/Zone").exists():
            raise RuntimeError("bad stored data")
        return real_advance(ids, now=now)

    monkeypatch.setattr(event_services, "enrollment_advance", advance)
    events = [Event.objects.create(contact=c, name="go", timestamp=T0) for c in people]
    # When the batch is handled
    report = runner.call(handle_events, [e.pk for e in events])
    # Then the two others entered and got their SMS, every event is handled, and the bad one says why
    assert report.enrolled == 2 and report.failed == {events[1].pk: "RuntimeError: bad stored data"}
    assert dict(Message.objects.values_list("contact__user_id", "status")) == {"c0": "sent", "c2": "sent"}
    assert not Event.objects.filter(handled_at__isnull=True).exists()
    assert list(Event.objects.exclude(error="").values_list("pk", "error")) == [
        (events[1].pk, "RuntimeError: bad stored data")]


def test_a_contact_whose_segment_check_raises_is_skipped_and_the_others_enter(runner, templates, monkeypatch):
    # Given a segment-triggered journey and three contacts, one of whom cannot be evaluated
    live_journey(chain(("t", "trigger", {"segment": {"attr": "plan", "op": "eq", "value": "pro"}}),
                       ("x", "exit", {})))
    people = contacts("UTC", "UTC", "UTC")
    Contact.objects.update(traits={"plan": "pro"})
    from journeys.services import events as event_services

    real = event_services.evaluate
    monkeypatch.setattr(event_services, "evaluate", lambda condition, ctx, now: (
        1 / 0 if ctx.contact.user_id == "c1" else real(condition, ctx, now)))
    # When their identify calls are handled
    enrolled = runner.call(handle_identifies, [c.pk for c in people])
    # Then the two others entered
    assert enrolled == 2
    assert sorted(Enrollment.objects.values_list("contact__user_id", flat=True)) == ["c0", "c2"]


def test_a_launch_skips_and_counts_a_contact_whose_entry_raises_and_enrolls_the_rest(runner, templates, monkeypatch):
    # Given a launch over three contacts, one of whom cannot enter (the condition itself runs as one
    # SQL query for the batch, which no contact's data can make raise)
    journey = sms_journey()
    people = contacts("UTC", "UTC", "UTC")
    launch = Launch.objects.create(journey=journey, version=journey.versions.get(),
                                   condition={"attr": "plan", "op": "exists"}, total=3)
    Contact.objects.update(traits={"plan": "pro"})
    from journeys.services import launches

    real = launches.enrollment_enter
    monkeypatch.setattr(launches, "enrollment_enter", lambda version, ids, **kw: (
        {}["boom"] if people[1].pk in ids else real(version, ids, **kw)))
    # When the launch runs
    runner.call(launch_step, launch.pk)
    # Then it finished, with the two others enrolled and the bad one counted with its error
    launch.refresh_from_db()
    assert (launch.state, launch.examined, launch.enrolled, launch.failed) == ("done", 3, 2, 1)
    assert launch.error == f"contact {people[1].pk}: KeyError: 'boom'"


def test_a_scheduler_duty_that_raises_does_not_stop_the_others_this_tick_or_the_next(runner, templates, monkeypatch):
    # Given a due wait, and an event outbox and a stale-active sweep that raise
    journey = live_journey(chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}), ("x", "exit", {})))
    (contact,) = contacts("UTC")
    Enrollment.objects.create(journey=journey, version=journey.versions.get(), contact=contact, state="waiting",
                              current_node="w", resume_port="next", wake_at=T0, entered_at=T0,
                              visits={"t": 1, "w": 1}, path=[["t", T0.isoformat()]])

    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(scheduler, "dispatch_new_events", broken)
    monkeypatch.setattr(scheduler, "rescue_stale_active", broken)
    reconciled = []
    monkeypatch.setattr(scheduler, "reconcile_sending", lambda now: reconciled.append(now) or [])
    # When the scheduler ticks twice
    first = runner.call(Scheduler(segment_every=10**9).tick, T0)
    second = runner.call(Scheduler(segment_every=10**9).tick, T0 + timedelta(seconds=1))
    # Then the wait fired on the first tick, and every other duty ran on both
    assert first.woken == 1 and Enrollment.objects.get().state == "completed"
    assert (first.events, first.rescued, second.woken) == (0, 0, 0)
    assert len(reconciled) == 2


def test_failures_show_in_the_timeline_and_the_admin(runner, templates, monkeypatch, admin_client):
    # Given an enrollment whose run raised, and an event whose handling raised
    from journeys.selectors.timeline import contact_timeline

    version = sms_journey().versions.get()
    (contact,) = contacts("Poison/Zone")
    raise_for_zone(monkeypatch, "Poison/Zone", RuntimeError("bad stored data"))
    runner.call(enrollment_enter, version, [contact.pk])
    Event.objects.create(contact=contact, name="go", timestamp=T0, handled_at=T0, error="KeyError: 'plan'")
    # Then the contact's timeline says why
    titles = [item["title"] for item in contact_timeline("c0", masked=False)["timeline"]]
    assert "go (not handled: KeyError: 'plan')" in titles
    assert any(t.endswith("(failed: RuntimeError: bad stored data)") for t in titles)
    # and the admin lists them with their reasons, filtered by state or handling
    enrollments = admin_client.get("/admin/journeys/enrollment/?state__exact=failed").content.decode()
    events = admin_client.get("/admin/journeys/event/?handling=failed").content.decode()
    assert "RuntimeError: bad stored data" in enrollments and "KeyError: &#x27;plan&#x27;" in events
