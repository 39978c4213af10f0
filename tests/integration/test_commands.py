"""journeys_import / journeys_export / journeys_demo / journeys_bench, as a user runs them."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from journeys.models import Journey
from tests.conftest import EXAMPLES_DIR, load_example

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["welcome_series.json", "winback.json", "invalid_spin.json"])
def test_import_then_export_gives_back_the_same_file(name, tmp_path):
    out, err = run("journeys_import", str(EXAMPLES_DIR / name))
    journey_id = int(out.strip())
    target = tmp_path / "out.json"
    run("journeys_export", str(journey_id), "--output", str(target))
    assert json.loads(target.read_text()) == load_example(name)
    exported, _ = run("journeys_export", str(journey_id))
    assert json.loads(exported) == load_example(name)


def test_import_reports_validation_findings(example_templates):
    _, err = run("journeys_import", str(EXAMPLES_DIR / "invalid_spin.json"))
    assert "cycle_without_wait" in err and "[orphan] unreachable" in err
    _, clean = run("journeys_import", str(EXAMPLES_DIR / "welcome_series.json"))
    assert "0 error(s)" in clean


def test_import_of_a_bad_file_fails_clearly_and_creates_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": 2, "name": "x", "nodes": [], "edges": []}))
    with pytest.raises(CommandError, match="schema"):
        run("journeys_import", str(bad))
    nameless = tmp_path / "nameless.json"
    nameless.write_text(json.dumps({"schema": 1, "nodes": [], "edges": []}))
    with pytest.raises(CommandError, match="name"):
        run("journeys_import", str(nameless))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(CommandError, match="not JSON"):
        run("journeys_import", str(broken))
    assert not Journey.objects.exists()


def test_export_of_an_unknown_journey_fails_clearly():
    with pytest.raises(CommandError, match="does not exist"):
        run("journeys_export", "999")


def test_demo_loader_is_idempotent_and_its_journeys_validate_clean():
    first, _ = run("journeys_demo")
    second, _ = run("journeys_demo")
    assert "demo / demo" in first and "API token" in first and "password unchanged" in second
    assert Journey.objects.count() == 4
    assert sorted(Journey.objects.values_list("status", flat=True)) == ["draft", "live", "live", "live"]
    from journeys.services.journeys import parse_graph
    from journeys.services.validation import journey_validate
    from journeys import selectors

    for journey in Journey.objects.all():
        graph = parse_graph(selectors.journey_latest_version(journey).graph)
        assert journey_validate(graph) == [], journey.name


def test_bench_validate_prints_figures_and_a_json_last_line():
    out, _ = run("journeys_bench", "--only", "validate", "--repeat", "3")
    lines = out.strip().splitlines()
    assert lines[0].startswith("validate: 1000 nodes") and "[target ≤ 50: " in lines[0]
    figures = json.loads(lines[-1])
    assert figures["validate_nodes"] == 1000 and figures["validate_ms_median"] > 0
