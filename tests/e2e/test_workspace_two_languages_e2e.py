"""The workspace in Chinese, end to end (design §10), as an operator in China uses it: the header switch turns
the pages Chinese; a marketer writes an SMS template with a zh-hans variant and plans a broadcast to a segment;
a second user, an approver, approves and publishes it (four eyes); it is on the calendar and its messages are in
the delivery log. On every page visited in zh-hans no English message of the Django catalogue is visible
(tests/language_check.py), and after switching back to English no Chinese is.

The runtime is driven from the test's thread, as in the runtime tests: what the pages enqueue lands on a
StubBroker and is drained here, so the messages exist when the delivery log is opened, without sleeping.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in
from tests.integration.runtime.conftest import stub_broker  # noqa: F401  (the fixture `broker` wraps)
from tests.language_check import (
    VISIBLE_TEXT_JS,
    chinese_left,
    english_fragments,
    english_left,
)

pytestmark = pytest.mark.e2e

MEMBERS = {"ada": "zh-hans", "bob": "en", "cyd": "zh-hans"}
BODY_EN = "Hi {{ first_name }}, our sale starts now"
BODY_ZH = "{{ first_name }}，您好：大促现在开始"
BODY_ZH_SHOWN = "，您好：大促现在开始"  # as the history and the delivery log show it, the name aside
# English a Chinese page may show: none (a broadcast's journey bears the broadcast's own name).
ALLOWED_ENGLISH: set[str] = set()


@pytest.fixture
def broker(stub_broker):
    """The runtime's actors on a StubBroker shared by the live server's thread and this one."""
    return stub_broker


def run_the_runtime(broker, capture) -> None:
    """Everything the published broadcast set going: its launch, the sends, the deliveries (in this thread)."""
    from core import clock
    from tests.integration.runtime.conftest import Runner

    Runner(capture, SimpleNamespace(now=clock.now()), broker).drain()


@pytest.fixture
def segment(transactional_db):
    from audiences.services.segments import segment_create
    from audiences.services.static_members import members_add
    from tests.factories import ContactFactory

    for n, (user_id, locale) in enumerate(MEMBERS.items()):
        ContactFactory(user_id=user_id, phone=f"+1555010{n:04d}", traits={"locale": locale, "first_name": user_id})
    members = segment_create(key="vip", name="VIP", kind="static")
    members_add(members, list(MEMBERS))
    return members


def visible(page) -> str:
    return page.evaluate(VISIBLE_TEXT_JS)


def assert_all_chinese(page) -> None:
    left = set(english_left(visible(page), english_fragments())) - ALLOWED_ENGLISH
    assert sorted(left) == [], f"English left on {page.url}"


def assert_no_chinese(page) -> None:
    # A language picker names each language in its own script; the variant's text is the marketer's own.
    text = visible(page).replace("简体中文", "").replace(BODY_ZH_SHOWN, "")
    assert chinese_left(text) == [], f"Chinese left on {page.url}"


def switch_language(page, label: str) -> None:
    with page.expect_navigation():
        page.locator('[data-testid="language-switch"] select').select_option(label=label)


def log_out(page) -> None:
    with page.expect_navigation():
        page.locator('header.site form[action$="/logout/"] button').click()


def test_a_broadcast_from_template_to_delivery_log_in_chinese(
        live_server, page, marketer, approver, segment, broker, django_capture_on_commit_callbacks, screenshot):
    from broadcasts.models import Broadcast

    visited: list[str] = []

    def open_page(path: str) -> None:
        page.goto(f"{live_server.url}{path}")
        check_here()

    def check_here() -> None:
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        assert_all_chinese(page)
        visited.append(page.url.removeprefix(live_server.url))

    # given a marketer on an English browser, who picks 简体中文 in the header
    log_in(page, live_server.url, marketer)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch_language(page, "简体中文")
    check_here()

    # when they write an SMS template with a zh-hans variant
    open_page("/templates/")
    with page.expect_navigation(url=re.compile(r"/templates/new/$")):
        page.click('[data-testid="new-template"]')
    check_here()
    page.fill('[data-testid="slug"]', "sale-sms")
    page.select_option('[data-testid="channel"]', "sms")
    sms = page.locator('section[data-channel="sms"]')
    sms.locator('[data-testid="field-body"]').fill(BODY_EN)
    page.click('[data-testid="add-locale-zh-hans"]')
    sms.locator('[data-testid="field-locales.zh-hans.body"]').fill(BODY_ZH)
    with page.expect_navigation(url=re.compile(r"/templates/sale-sms/\?saved=1$")):
        page.click('[data-testid="save"]')
    check_here()
    expect(page.locator('[data-testid="locale-tabs"] [data-tab="zh-hans"]')).to_be_visible()
    open_page("/templates/")
    expect(page.locator('[data-slug="sale-sms"] [data-testid="variant"]')).to_have_text("zh-hans")
    expect(page.locator('[data-slug="sale-sms"]')).to_contain_text("短信")

    # and plan a broadcast of it to the segment, and submit it for approval
    open_page("/broadcasts/")
    with page.expect_navigation(url=re.compile(r"/broadcasts/new/$")):
        page.click('[data-testid="new-broadcast"]')
    check_here()
    page.fill("#b-name", "Double 11")
    page.select_option("#b-segment", "vip")
    expect(page.locator('[data-testid="audience-size"]')).to_contain_text("3")
    page.select_option("#b-channel", "sms")
    page.select_option("#b-template", "sale-sms")
    with page.expect_navigation(url=re.compile(r"/broadcasts/\d+/$")):
        page.click('[data-testid="create-broadcast"]')
    check_here()
    broadcast = Broadcast.objects.get()
    with page.expect_navigation():
        page.click('[data-testid="action-submit"]')
    expect(page.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "pending_review")
    expect(page.locator('[data-testid="action-approve"]')).to_have_count(0)  # four eyes: not its author
    check_here()
    screenshot(page, "two-languages-broadcast-submitted-zh")

    # then a second user, an approver, approves and publishes it, in Chinese too
    log_out(page)
    page.goto(f"{live_server.url}/broadcasts/{broadcast.pk}/")
    page.fill("#id_username", approver.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(url=re.compile(rf"/broadcasts/{broadcast.pk}/$")):
        page.click("button[type=submit]")
    if page.locator("html").get_attribute("lang") != "zh-hans":
        switch_language(page, "简体中文")
    check_here()
    with page.expect_navigation():
        page.click('[data-testid="action-approve"]')
    expect(page.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "approved")
    check_here()
    page.once("dialog", lambda dialog: dialog.accept())  # "Publish it? It starts sending now."
    with page.expect_navigation():
        page.click('[data-testid="action-publish"]')
    expect(page.locator('[data-testid="broadcast-status"]')).to_have_attribute("data-status", "sending")
    check_here()

    # and once the runtime has run, it is on the calendar and its messages are in the delivery log
    run_the_runtime(broker, django_capture_on_commit_callbacks)
    broadcast.refresh_from_db()
    open_page("/calendar/")
    expect(page.locator(f'[data-testid="calendar-entry"][data-kind="broadcast"][data-id="{broadcast.pk}"]')
           ).to_be_visible()
    screenshot(page, "two-languages-calendar-zh")
    open_page(f"/messages/?journey={broadcast.journey_id}")
    rows = page.locator('[data-testid="message-rows"] tbody tr')
    expect(rows).to_have_count(len(MEMBERS))
    # each contact got the template in their own language
    expect(rows.filter(has_text="ada")).to_contain_text(BODY_ZH_SHOWN)
    expect(rows.filter(has_text="bob")).to_contain_text("our sale starts now")
    screenshot(page, "two-languages-messages-zh")
    open_page(f"/broadcasts/{broadcast.pk}/")
    expect(page.locator('[data-testid="broadcast-audience"]')).to_contain_text("3")
    # the workspace settings an approver keeps are Chinese too
    open_page("/settings/frequency-caps")
    open_page("/settings/suppressions")
    screenshot(page, "two-languages-suppressions-zh")

    # when they switch back to English, no Chinese is left on any page they saw (but the variant they wrote)
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for path in dict.fromkeys(visited):
        if path == "/templates/new/":
            continue  # only marketers create templates, and the approver is signed in now
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_no_chinese(page)
    # (and the catalogue check sees English where it is: the zh-hans pass above was not vacuous)
    assert "Journeys" in english_left(visible(page), english_fragments())  # the header's first link
