"""Every page, as an admin, in both languages (design §10): in zh-hans no English message of the Django catalogue
is visible, in en no Chinese character. The pages are the permission matrix's: every route has a row there, so a
new page is swept as soon as it is routed.

Pages still being translated are listed in KNOWN_ENGLISH with what they still show; the list may only shrink (a
page that has become clean fails the test until its entry goes), like PENDING_TSX for the editor.
"""
from __future__ import annotations

import pytest

from tests.integration.test_permission_matrix_full import ADMIN, PAGES, _url
from tests.integration.test_permission_matrix_full import world as _matrix_world
from tests.language_check import (
    chinese_left,
    english_fragments,
    english_left,
    visible_text,
)

pytestmark = pytest.mark.django_db
world = _matrix_world  # the matrix's fixture: one of everything, and a user per role

ROUTES = sorted(route for route, methods in PAGES.items() if "GET" in methods and ADMIN in methods["GET"][0])
# The header's language switch and a template's language variants name the language in its own script, as
# every language picker does: not Chinese left on an English page.
LANGUAGE_NAMES = ("简体中文",)
KNOWN_ENGLISH: dict[str, list[str]] = {}


def _pages(client, world, language: str) -> dict[str, str]:
    """{route: visible text} for every page the admin may open."""
    users, ids, _key = world
    _segment_for_the_route(ids)
    _names_without_english()
    client.force_login(users[ADMIN])
    texts = {}
    for route in ROUTES:
        url = _url(route, ids)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, url
        texts[route] = visible_text(html)
    return texts


def _segment_for_the_route(ids: dict) -> None:
    """`audiences/<key>/` is opened with the matrix's slug (`_url`); a segment by that key makes it a real page."""
    from audiences.models import Segment

    Segment.objects.get_or_create(key=_url("<key>", ids).strip("/"), defaults={
        "name": "matrix", "condition": {"attr": "plan", "op": "exists"}})


def _names_without_english() -> None:
    """The sweep checks the pages' own text, not the workspace's data: the fixtures' broadcasts bear English
    names, which their journeys share and every journey list shows."""
    from journeys.models import Journey

    Journey.objects.filter(broadcast__isnull=False).update(name="matrix")


def test_no_english_message_is_left_on_any_page_in_chinese(client, world):
    fragments = english_fragments()
    left = {route: english_left(text, fragments) for route, text in _pages(client, world, "zh-hans").items()}
    unexpected = {route: sorted(set(found) - set(KNOWN_ENGLISH.get(route, []))) for route, found in left.items()}
    assert {route: found for route, found in unexpected.items() if found} == {}
    # and KNOWN_ENGLISH only shrinks: what a page no longer shows leaves the list
    translated_now = {route: sorted(set(known) - set(left.get(route, []))) for route, known in KNOWN_ENGLISH.items()}
    assert {route: gone for route, gone in translated_now.items() if gone} == {}, "remove these from KNOWN_ENGLISH"


def test_no_chinese_is_left_on_any_page_in_english(client, world):
    def without_language_names(text: str) -> str:
        for name in LANGUAGE_NAMES:
            text = text.replace(name, "")
        return text

    left = {route: chinese_left(without_language_names(text)) for route, text in _pages(client, world, "en").items()}
    assert {route: found for route, found in left.items() if found} == {}


def test_the_sweep_sees_english_and_chinese_where_they_are():
    """The check itself works: it finds the catalogue's English in a page's text and Chinese in English text."""
    html = ('<html><body><header><form data-testid="language-switch"><option>简体中文</option></form></header>'
            "<h1>Delivery log</h1><script>var x = 'Conversions';</script><p>catalogue 旅程</p></body></html>")
    text = visible_text(html)
    assert "Delivery log" in english_left(text) and "Conversions" not in english_left(text)
    assert chinese_left(text) == ["旅", "程"]
