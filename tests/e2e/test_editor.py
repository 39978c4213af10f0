"""The journey builder in real Chromium: build, configure, save, reload; validation badges;
undo; two tabs colliding on the same draft."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import EXAMPLES_DIR
from tests.e2e.conftest import log_in, wait_for_editor

pytestmark = pytest.mark.e2e


def node(page, node_id: str):
    return page.locator(f'.react-flow__node[data-id="{node_id}"]')


def drop_from_palette(page, node_type: str, x: int, y: int) -> None:
    """Drag a palette item onto the canvas at (x, y) of the pane."""
    page.drag_and_drop(f'[data-palette="{node_type}"]', ".react-flow__pane", target_position={"x": x, "y": y})


def connect(page, source: str, port: str, target: str) -> None:
    """Drag from a node's labelled out port to another node's input, with the mouse."""
    handle = node(page, source).locator(f'.react-flow__handle.source[data-handleid="{port}"]')
    into = node(page, target).locator(".react-flow__handle.target")
    a, b = handle.bounding_box(), into.bounding_box()
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=12)
    page.mouse.up()
    expect(page.locator(f'.react-flow__edge[data-id="{source}:{port}->{target}"]')).to_have_count(1)


def select(page, node_id: str) -> None:
    node(page, node_id).locator(".jn-head").click()
    expect(page.locator(f'[data-testid="node-panel"][data-node="{node_id}"]')).to_be_visible()


def panel(page):
    return page.locator('[data-testid="node-panel"]')


def editor_graph(page) -> dict:
    return page.evaluate("window.journeyEditor.graph()")


def api_draft(page, base_url: str, journey_id: int) -> tuple[dict, str]:
    response = page.request.get(f"{base_url}/api/v1/journeys/{journey_id}/draft")
    assert response.ok, response.text()
    return response.json(), response.headers["etag"]


def journey_id_of(page) -> int:
    return int(page.locator("#journey-editor").get_attribute("data-journey-id"))


def test_build_a_journey_by_drag_and_drop_save_and_reload(live_server, page, marketer, screenshot):
    from tests.factories import template_for_channel

    template_for_channel("welcome-sms", "sms")
    template_for_channel("welcome-email", "email")

    # given a marketer who logs in and creates a journey from the list
    log_in(page, live_server.url, marketer)
    page.fill('input[name="name"]', "Welcome by SMS")
    page.click('[data-testid="create-journey"] button[type=submit]')
    wait_for_editor(page)
    journey_id = journey_id_of(page)
    expect(page.locator('[data-testid="save-state"]')).to_have_text("All changes saved")

    # when they drag a trigger, a wait, a split, a send and an exit onto the canvas
    for node_type, x, y in [("trigger", 420, 70), ("wait", 420, 230), ("split", 420, 390),
                            ("send", 250, 580), ("exit", 620, 580)]:
        drop_from_palette(page, node_type, x, y)
        expect(node(page, f"{node_type}_1")).to_be_visible()
    expect(page.locator('[data-testid="save-state"]')).to_have_text("● Unsaved changes")

    # and configure each through the properties panel
    select(page, "trigger_1")
    panel(page).locator('input[name="event"]').fill("signed_up")
    panel(page).get_by_role("button", name="+ filter on event properties").click()
    panel(page).locator('input[name="where.prop"]').fill("plan")
    panel(page).locator('select[name="where.op"]').select_option("eq")
    panel(page).locator('input[name="where.value"]').fill("pro")
    expect(node(page, "trigger_1")).to_contain_text("signed_up")

    select(page, "wait_1")
    panel(page).locator('select[name="seconds-unit"]').select_option("hours")
    panel(page).locator('input[name="seconds"]').fill("2")
    expect(node(page, "wait_1")).to_contain_text("2 h")

    select(page, "split_1")
    panel(page).locator('input[name="variant-1-key"]').fill("control")
    panel(page).locator('input[name="variant-0-weight"]').fill("80")
    expect(panel(page).locator('[data-testid="weight-sum"]')).to_contain_text("130")
    panel(page).locator('input[name="variant-1-weight"]').fill("20")
    expect(panel(page).locator('[data-testid="weight-sum"]')).to_have_text("Σ 100%")
    expect(node(page, "split_1")).to_contain_text("control 20%")

    select(page, "send_1")
    panel(page).locator('select[name="channel"]').select_option("sms")
    panel(page).locator('select[name="template"]').select_option("welcome-sms")
    panel(page).locator('select[name="on_capped"]').select_option("exit")
    expect(panel(page).locator('[data-testid="template-preview"]')).to_contain_text("Hi Ada")
    expect(node(page, "send_1")).to_contain_text("welcome-sms")

    # journey settings: click the empty canvas
    page.locator(".react-flow__pane").click(position={"x": 60, "y": 60})
    settings_panel = page.locator('[data-testid="settings-panel"]')
    settings_panel.locator('select[name="reentry"]').select_option("after_exit")
    settings_panel.locator('select[name="reentry_cooldown_seconds-unit"]').select_option("days")
    settings_panel.locator('input[name="reentry_cooldown_seconds"]').fill("1")
    settings_panel.locator('button[name="add-goal"]').click()
    settings_panel.locator('input[name="goal-event"]').fill("order_completed")

    # and connect them, port by port
    connect(page, "trigger_1", "next", "wait_1")
    connect(page, "wait_1", "next", "split_1")
    connect(page, "split_1", "A", "send_1")
    connect(page, "split_1", "control", "exit_1")
    connect(page, "send_1", "next", "exit_1")

    # then the findings clear and the journey can be saved
    expect(page.locator('[data-testid="issues-summary"]')).to_have_text("no problems")
    expect(page.locator(".react-flow__node.has-error")).to_have_count(0)
    page.click('[data-action="save"]')
    expect(page.locator('[data-testid="save-state"]')).to_have_text("All changes saved")
    expect(page.locator('[data-action="submit"]')).to_be_enabled()
    select(page, "send_1")
    expect(panel(page).locator('[data-testid="template-preview"]')).to_contain_text("Hi Ada")
    screenshot(page, "editor-built")

    # the saved draft is exactly what was built
    built = editor_graph(page)
    saved, _ = api_draft(page, live_server.url, journey_id)
    assert saved == built
    expected_nodes = [
        ("trigger_1", "trigger", {"event": "signed_up", "where": {"prop": "plan", "op": "eq", "value": "pro"}}),
        ("wait_1", "wait", {"seconds": 7200}),
        ("split_1", "split", {"variants": [{"key": "A", "weight": 80}, {"key": "control", "weight": 20}]}),
        ("send_1", "send", {"channel": "sms", "template": "welcome-sms", "on_capped": "exit"}),
        ("exit_1", "exit", {}),
    ]
    assert [(n["id"], n["type"], n["config"]) for n in saved["nodes"]] == expected_nodes
    assert sorted((e["source"], e["port"], e["target"]) for e in saved["edges"]) == sorted([
        ("trigger_1", "next", "wait_1"), ("wait_1", "next", "split_1"), ("split_1", "A", "send_1"),
        ("split_1", "control", "exit_1"), ("send_1", "next", "exit_1"),
    ])
    assert saved["settings"] == {
        "reentry": "after_exit", "reentry_cooldown_seconds": 86400,
        "goal": {"event": "order_completed", "within_seconds": 604800, "exit": True},
    }
    ys = {n["id"]: n["position"]["y"] for n in saved["nodes"]}
    assert ys["trigger_1"] < ys["wait_1"] < ys["split_1"] < ys["send_1"]  # where they were dropped

    # Export gives the same graph as a schema-1 file with the journey's name
    with page.expect_download() as download:
        page.click('[data-action="export"]')
    exported = json.loads(open(download.value.path()).read())
    assert download.value.suggested_filename == "welcome-by-sms.json"
    assert exported == {"schema": 1, "name": "Welcome by SMS", **{k: v for k, v in saved.items() if k != "schema"}}

    # when the page is reloaded
    page.reload()
    wait_for_editor(page)

    # then the editor shows the same graph, and the API still returns it
    assert editor_graph(page) == saved
    assert api_draft(page, live_server.url, journey_id)[0] == saved
    expect(page.locator(".react-flow__node")).to_have_count(5)
    expect(page.locator(".react-flow__edge")).to_have_count(5)
    expect(page.locator('[data-testid="save-state"]')).to_have_text("All changes saved")


def test_an_invalid_journey_shows_error_badges_on_its_nodes(live_server, page, marketer, screenshot):
    # given the shared example with a wait-free loop, bad weights, an orphan and a missing template
    log_in(page, live_server.url, marketer)

    # when it is imported from the list page
    page.click("details.import summary")
    page.set_input_files('[data-testid="import-journey"] input[type=file]', str(EXAMPLES_DIR / "invalid_spin.json"))
    page.click('[data-testid="import-journey"] button[type=submit]')
    wait_for_editor(page)

    # then the nodes with errors carry has-error and a badge, the others do not
    for node_id in ("s", "b1", "orphan"):
        expect(node(page, node_id)).to_have_class(_has_class("has-error"))
        expect(node(page, node_id).locator('[data-testid="issue-badge"]')).to_be_visible()
    for node_id in ("t", "x"):
        expect(node(page, node_id)).not_to_have_class(_has_class("has-error"))

    # and the findings are listed, and the journey cannot be submitted
    issues = page.locator('[data-testid="issues-panel"] li')
    codes = set(issues.evaluate_all("items => items.map(li => li.dataset.code)"))
    assert {"split_weights_sum"} <= codes
    assert any("orphan" == n for n in issues.evaluate_all("items => items.map(li => li.dataset.node)"))
    expect(page.locator('[data-testid="issues-summary"]')).to_contain_text("error")
    expect(page.locator('[data-action="submit"]')).to_be_disabled()
    page.click('[data-action="layout"]')  # the example's nodes sit 100 px apart: spread them for the picture
    page.wait_for_timeout(500)
    expect(node(page, "s")).to_have_class(_has_class("has-error"))
    screenshot(page, "editor-validation")

    # when the weights are fixed in the panel, the split's findings update (debounced)
    select(page, "s")
    panel(page).locator('input[name="variant-1-weight"]').fill("30")
    expect(page.locator('[data-testid="issues-panel"] li[data-code="split_weights_sum"]')).to_have_count(0)


def _has_class(name: str):
    import re

    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def test_undo_restores_a_deleted_node_with_its_edges(live_server, page, marketer):
    from tests.factories import JourneyFactory
    from journeys.models import JourneyVersion

    # given a saved journey t -> w -> x
    journey = JourneyFactory(name="Undo me")
    graph = {"schema": 1, "nodes": [
        {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
        {"id": "w", "type": "wait", "config": {"seconds": 3600}, "position": {"x": 0, "y": 160}},
        {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 320}},
    ], "edges": [{"source": "t", "target": "w", "port": "next"}, {"source": "w", "target": "x", "port": "next"}],
        "settings": {"reentry": "never"}}
    JourneyVersion.objects.filter(journey=journey).update(graph=graph)
    log_in(page, live_server.url, marketer, f"/journeys/{journey.pk}/")
    wait_for_editor(page)
    assert editor_graph(page) == graph

    # when the wait is selected and deleted with the keyboard
    select(page, "w")
    page.keyboard.press("Delete")
    expect(node(page, "w")).to_have_count(0)
    expect(page.locator(".react-flow__edge")).to_have_count(0)
    expect(page.locator('[data-testid="save-state"]')).to_have_text("● Unsaved changes")

    # then Ctrl+Z brings it back with both edges, exactly as it was
    page.keyboard.press("Control+z")
    expect(node(page, "w")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    assert editor_graph(page) == graph
    expect(page.locator('[data-testid="save-state"]')).to_have_text("All changes saved")

    # and Ctrl+Shift+Z deletes it again, the Undo button restores it again
    page.keyboard.press("Control+Shift+z")
    expect(node(page, "w")).to_have_count(0)
    page.click('[data-action="undo"]')
    expect(node(page, "w")).to_be_visible()
    assert editor_graph(page) == graph

    # copy / paste: a copy of the wait under a fresh id; undo removes it
    select(page, "w")
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(node(page, "wait_1")).to_be_visible()
    assert editor_graph(page)["nodes"][-1]["config"] == {"seconds": 3600}
    page.keyboard.press("Control+z")
    expect(node(page, "wait_1")).to_have_count(0)

    # auto-layout moves nodes and is one undo step
    page.click('[data-action="layout"]')
    # A function, not an expression string: the page's CSP forbids eval, which a string would need.
    page.wait_for_function("before => JSON.stringify(window.journeyEditor.graph().nodes.map(n => n.position))"
                           " !== before",
                           arg=json.dumps([n["position"] for n in graph["nodes"]], separators=(",", ":")))
    page.keyboard.press("Control+z")
    assert editor_graph(page) == graph


def test_two_tabs_the_second_save_gets_the_conflict_message(live_server, context, marketer):
    from tests.factories import JourneyFactory

    journey = JourneyFactory(name="Shared draft")
    first = context.new_page()
    log_in(first, live_server.url, marketer, f"/journeys/{journey.pk}/")
    wait_for_editor(first)
    second = context.new_page()  # same session, like a second tab
    second.goto(f"{live_server.url}/journeys/{journey.pk}/")
    wait_for_editor(second)

    # given both tabs changed the draft
    first.locator('[data-palette="trigger"]').press("Enter")
    expect(node(first, "trigger_1")).to_be_visible()
    second.locator('[data-palette="exit"]').press("Enter")
    expect(node(second, "exit_1")).to_be_visible()

    # when the first saves, then the second
    first.click('[data-action="save"]')
    expect(first.locator('[data-testid="save-state"]')).to_have_text("All changes saved")
    second.click('[data-action="save"]')

    # then the second is told, and nothing of the first was overwritten
    conflict = second.locator('[data-testid="conflict"]')
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("saved by someone else")
    expect(conflict).to_contain_text("reload")
    expect(second.locator('[data-testid="save-state"]')).to_have_text("● Unsaved changes")
    saved, _ = api_draft(second, live_server.url, journey.pk)
    assert [n["id"] for n in saved["nodes"]] == ["trigger_1"]

    # and reloading shows the first tab's work
    conflict.get_by_role("button", name="Reload their version").click()
    expect(conflict).to_have_count(0)
    expect(node(second, "trigger_1")).to_be_visible()
    expect(node(second, "exit_1")).to_have_count(0)
    first.close()
    second.close()
