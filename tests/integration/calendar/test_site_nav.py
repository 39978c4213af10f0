"""The header's navigation (templates/base.html): groups a newcomer can read, the current one marked,
only what the reader's roles may open, in both languages, plain links (no script needed)."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from broadcasts.templatetags.site_nav import nav_section
from tests.factories import UserFactory, with_roles

GROUPS = ["journeys", "audiences", "broadcasts", "templates", "calendar", "logs", "health", "settings"]


def _page(path: str, *roles: str, language: str = "en", staff: bool = False) -> str:
    user = with_roles(UserFactory(username="nav-" + "-".join(roles or ("nobody",))), *roles)
    if staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client.get(path).content.decode()


def _nav(html: str) -> str:
    return html[html.index('data-testid="site-nav"'):html.index("</nav>", html.index('data-testid="site-nav"'))]


@pytest.mark.django_db
def test_every_role_sees_the_groups_in_order_with_their_pages():
    nav = _nav(_page("/calendar/", "marketer"))
    assert re.findall(r'data-section="(\w+)"', nav) == GROUPS
    for href in ("/broadcasts/", "/templates/", "/calendar/", "/messages/", "/conversions/", "/health/", "/alerts/",
                 "/settings/channels", "/settings/suppressions", "/settings/frequency-caps", "/approvals/"):
        assert f'href="{href}"' in nav, href


@pytest.mark.django_db
def test_the_current_section_is_marked():
    calendar = _nav(_page("/calendar/", "viewer"))
    assert re.findall(r'data-section="(\w+)">\s*<a href="[^"]+" aria-current="page"', calendar) == ["calendar"]
    contacts = _nav(_page("/contacts/", "viewer"))
    assert re.findall(r'data-section="(\w+)">\s*<a href="[^"]+" aria-current="page"', contacts) == ["audiences"]


@pytest.mark.django_db
def test_admin_pages_show_only_to_those_who_may_open_them():
    marketer = _nav(_page("/journeys/", "marketer"))
    assert 'href="/settings/keys"' not in marketer and 'href="/admin/"' not in marketer
    admin = _nav(_page("/journeys/", "admin", staff=True))
    assert 'href="/settings/keys"' in admin and 'href="/admin/"' in admin


@pytest.mark.django_db
def test_a_user_with_no_role_is_offered_no_section():
    assert re.findall(r'data-section="(\w+)"', _nav(_page("/accounts/login/"))) == []


@pytest.mark.django_db
def test_the_groups_speak_chinese():
    nav = _nav(_page("/broadcasts/", "marketer", language="zh-hans"))
    for label in ("旅程", "人群", "群发", "模板", "日历", "设置", "发送记录", "审批"):
        assert f">{label}</a>" in nav, label


@pytest.mark.parametrize("path,section", [
    ("/journeys/3/", "journeys"), ("/approvals/", "journeys"), ("/contacts/ada", "audiences"),
    ("/broadcasts/new", "broadcasts"), ("/calendar/", "calendar"), ("/conversions/", "logs"),
    ("/alerts/", "health"), ("/settings/keys", "settings"), ("/templates/welcome/", "templates"),
    ("/", ""), ("/accounts/login/", ""),
])
def test_each_page_belongs_to_one_section(path, section):
    assert nav_section(path) == section
