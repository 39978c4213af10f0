"""The benchmark's engine section: the pure engine over the run section's journey, no database, no broker.

No django_db mark: pytest-django refuses any query, so these also prove the section needs no database.
"""
import io
import json
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from journeys.bench import engine_cost, world


def test_the_engine_section_drives_every_contact_to_the_end_through_every_node():
    engine = engine_cost.build_engine()
    figures = engine_cost.drive(engine, 200)
    assert engine_cost.nodes_per_contact(engine) == 5  # split, send, wait, send, exit after the trigger
    assert figures["finished"] == 200 and figures["failed"] == 0
    assert figures["transitions"] == 200 * 5
    assert figures["sends"] == 200 * 2
    assert figures["rounds"] == 2  # to the wait, then on from it once it has elapsed


def test_journeys_bench_only_engine_prints_its_figures_and_json():
    out = io.StringIO()
    call_command("journeys_bench", "--only", "engine", "--engine-contacts", "200", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("engine: 200 in-memory contacts") and "1,000 transitions (5 per contact)" in lines[0]
    assert "µs per transition" in lines[1] and "transitions/s on one core" in lines[1]
    assert "decide() per node type: trigger" in lines[2]
    figures = json.loads(lines[-1])
    assert figures["engine_transitions"] == 1000 and figures["engine_finished"] == 200
    assert figures["engine_us_per_transition"] > 0 and figures["engine_transitions_per_s_one_core"] > 0
    assert figures["engine_decide_us_split"] > 0
    assert figures["targets"]["transitions_per_s"] == 10_000 and figures["targets"]["latency_p99_ms"] == 100


def test_the_engine_section_runs_the_same_journey_as_the_run_section(monkeypatch):
    created = []
    monkeypatch.setattr(world, "MessageTemplate", SimpleNamespace(
        objects=SimpleNamespace(get_or_create=lambda **kwargs: (None, True))))
    monkeypatch.setattr(world, "journey_services", SimpleNamespace(
        parse_graph=lambda graph: graph, journey_create=lambda name, graph: created.append(graph) or name))
    benchmark = world.create_world()
    assert created[0] == engine_cost.journey_graph(benchmark.trigger_event)


def test_the_run_section_judges_the_100k_contact_time_only_at_100k_contacts():
    from journeys.management.commands.journeys_bench import Command

    out = io.StringIO()
    command = Command(stdout=out)
    command.bench_run_seconds(100_000, 59.0)
    command.bench_run_seconds(100_000, 61.0)
    command.bench_run_seconds(20_000, 30.0)
    met, missed, other = out.getvalue().splitlines()
    assert met.endswith("in 59.0 s  [target ≤ 60: met]") and missed.endswith("[target ≤ 60: MISSED]")
    assert other.endswith("[target ≤ 60 s is for 100,000 contacts]")


def test_only_takes_several_sections_and_refuses_an_unknown_one():
    out = io.StringIO()
    call_command("journeys_bench", "--only", "validate,engine", "--repeat", "2", "--engine-contacts", "20",
                 stdout=out, stderr=io.StringIO())
    figures = json.loads(out.getvalue().splitlines()[-1])
    assert "validate_ms_median" in figures and "engine_transitions" in figures and "ingest_events_per_s" not in figures
    with pytest.raises(CommandError, match="unknown section 'bogus'"):
        call_command("journeys_bench", "--only", "validate,bogus", stdout=io.StringIO(), stderr=io.StringIO())
