"""Two languages in the browser (design §10): the header switch turns the journey list and the editor
Chinese, with no English message of either catalogue left; switching back leaves no Chinese."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import REPO_ROOT, log_in, wait_for_editor
from tests.unit.test_translations_complete import PO, _leaves, _po_entries

pytestmark = pytest.mark.e2e

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{\{\w+\}\}|%\(\w+\)s|<[^>]+>")
# The visible text, without the language switch itself (it names 简体中文 in every language).
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[data-testid="language-switch"], script, style').forEach((el) => el.remove());
  return body.innerText;
}"""


def _fragments(messages) -> set[str]:
    """The English a message shows, cut at its placeholders and tags. A single lowercase word ("journey",
    "remove") also occurs inside text that is not ours (a step's id, an event name), so only phrases and
    capitalised words are looked for."""
    pieces = {piece.strip(" .:…·●○↶↷▶+") for message in messages for piece in PLACEHOLDER.split(message)}
    return {piece for piece in pieces
            if len(piece) >= 5 and re.search("[A-Za-z]{3}", piece) and (" " in piece or piece[0].isupper())}


def django_english() -> set[str]:
    """The catalogue's English, but not words Chinese pages use as they are ("Webhook", "SMS")."""
    return _fragments(e["msgid"] for e in _po_entries(PO.read_text(encoding="utf-8"))
                      if e["msgid"] and e["msgstr"] and e["msgstr"][0] != e["msgid"])


def editor_english() -> set[str]:
    en = _leaves(json.loads((REPO_ROOT / "static/editor/src/i18n/en.json").read_text(encoding="utf-8")))
    zh = _leaves(json.loads((REPO_ROOT / "static/editor/src/i18n/zh-hans.json").read_text(encoding="utf-8")))
    return _fragments(value for key, value in en.items() if zh.get(key) != value)


def english_left(page, catalogue: set[str]) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT)
    return sorted(fragment for fragment in catalogue if fragment in text)


def switch_language(page, label: str) -> None:
    switch = page.locator('[data-testid="language-switch"] select')
    with page.expect_navigation():
        switch.select_option(label=label)


def test_switch_to_chinese_and_back(live_server, page, marketer, screenshot):
    # given a marketer on an English browser, on the journey list
    log_in(page, live_server.url, marketer)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.fill('input[name="name"]', "Welcome 2026")
    page.click('[data-testid="create-journey"] button[type=submit]')
    wait_for_editor(page)
    editor_url = page.url
    page.goto(f"{live_server.url}/journeys/")

    # when they pick 简体中文 in the header
    switch_language(page, "简体中文")

    # then the list is Chinese: lang, header, headings, table, and no English message left
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("header.site")).to_contain_text("发送记录")
    expect(page.locator("h1")).to_have_text("旅程")
    expect(page.locator("table.list thead")).to_contain_text("当前在旅程中")
    expect(page.locator('[data-journey-id] .status')).to_have_text("草稿")
    assert english_left(page, django_english()) == []
    screenshot(page, "i18n-journeys-zh")

    # and so is the editor, its toolbar, palette, settings and a step added from the palette
    page.goto(editor_url)
    wait_for_editor(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator('[data-action="save"]')).to_have_text("保存草稿")
    expect(page.locator(".palette h3")).to_have_text("添加步骤")
    expect(page.locator('[data-testid="settings-panel"] h3').first).to_have_text("旅程设置")
    page.locator('[data-palette="exit"]').dblclick()
    expect(page.locator('.react-flow__node .jn-title', has_text="退出")).to_have_count(1)
    expect(page.locator('[data-testid="issues-panel"] h3')).to_contain_text("检查")
    assert english_left(page, editor_english() | django_english()) == []
    screenshot(page, "i18n-editor-zh")

    # when they save and switch back to English, no Chinese is left on either page
    page.click('[data-action="save"]')
    expect(page.locator('[data-testid="save-state"]')).to_have_text("修改已全部保存")
    switch_language(page, "English")
    wait_for_editor(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('[data-action="save"]')).to_have_text("Save draft")
    assert CJK.findall(page.evaluate(VISIBLE_TEXT)) == []
    page.goto(f"{live_server.url}/journeys/")
    assert CJK.findall(page.evaluate(VISIBLE_TEXT)) == []
