"""Two languages (design §10): the browser's Accept-Language by default, the header switch kept per user,
`<html lang>` right, and API errors in the caller's language."""
from __future__ import annotations

import pytest
from django.test import Client

from channels_app.services.unsubscribe import unsubscribe_url
from tests.factories import MessageFactory, UserFactory, with_roles
from tests.integration.conftest import api_client_for
from workspace.models import UserPreference

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass"


@pytest.fixture
def marketer(db):
    return with_roles(UserFactory(username="lin"), "marketer")


def _log_in(client: Client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]


def test_a_chinese_browser_gets_the_pages_in_chinese(client, marketer):
    # given a browser that prefers Simplified Chinese
    client.force_login(marketer)
    # when it opens the journey list
    page = client.get("/journeys/", HTTP_ACCEPT_LANGUAGE="zh-Hans,zh;q=0.9,en;q=0.5").content.decode()
    # then the page says it is Chinese and the header is Chinese
    assert '<html lang="zh-hans">' in page
    assert ">旅程</a>" in page and ">审批</a>" in page and ">发送记录</a>" in page
    assert "<h1>旅程</h1>" in page and "Delivery log" not in page


def test_an_english_or_unknown_browser_gets_english(client, marketer):
    client.force_login(marketer)
    for header in ("en-US,en;q=0.9", "fr-FR", ""):
        page = client.get("/journeys/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
        assert '<html lang="en">' in page and ">Delivery log</a>" in page, header


def test_the_login_page_follows_the_browser_too(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="zh-hans">' in page and "<h1>登录</h1>" in page


def test_the_header_switch_is_kept_on_the_user_and_applied_at_the_next_login(marketer):
    # given a user on an English browser
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    _log_in(browser, marketer)
    # when they pick 简体中文 in the header
    response = browser.post("/i18n/setlang/", {"language": "zh-hans", "next": "/journeys/"})
    # then they are back on the page, in Chinese, and the choice is stored on them
    assert response.status_code == 302 and response["Location"] == "/journeys/"
    assert UserPreference.objects.get(user=marketer).language == "zh-hans"
    assert '<html lang="zh-hans">' in browser.get("/journeys/").content.decode()
    # and on another English browser (no cookie), the next login is in Chinese as well
    other = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="en">' in other.get("/accounts/login/").content.decode()
    _log_in(other, marketer)
    assert '<html lang="zh-hans">' in other.get("/journeys/").content.decode()


def test_switching_back_to_english_wins_over_a_chinese_browser(marketer):
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans")
    _log_in(browser, marketer)
    browser.post("/i18n/setlang/", {"language": "en", "next": "/journeys/"})
    page = browser.get("/journeys/").content.decode()
    assert '<html lang="en">' in page and ">Delivery log</a>" in page
    assert UserPreference.objects.get(user=marketer).language == "en"


def test_an_unknown_language_is_ignored_and_not_stored(client, marketer):
    client.force_login(marketer)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/journeys/"})
    assert not UserPreference.objects.filter(user=marketer).exists()
    assert '<html lang="en">' in client.get("/journeys/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_switch_posts_to_setlang_with_both_languages_offered(client, marketer):
    client.force_login(marketer)
    page = client.get("/journeys/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="csrfmiddlewaretoken"' in page
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in page
    assert 'value="en" lang="en" selected' in page


def test_api_errors_follow_accept_language(marketer):
    api = api_client_for(marketer)
    # DRF's own messages: not authenticated (401) and not found (404)
    anonymous = api_client_for(marketer)
    anonymous.credentials()
    unauthenticated = anonymous.get("/api/v1/journeys/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert unauthenticated.status_code == 401 and unauthenticated.json()["detail"] == "身份认证信息未提供。"
    refused = api.put("/api/v1/journeys/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert refused.status_code == 405 and refused.json()["detail"] == "方法 “PUT” 不被允许。"
    assert refused["Content-Language"] == "zh-hans"
    # the project's own: a URL no route matches
    nowhere = api.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert nowhere.status_code == 404 and nowhere.json()["detail"] == "接口或资源不存在"
    # English stays the default
    assert api.get("/api/v1/no-such-thing/").json()["detail"] == "no such endpoint or resource"
    assert api.put("/api/v1/journeys/", {}, format="json").json()["detail"] == 'Method "PUT" not allowed.'


def test_the_unsubscribe_page_speaks_the_readers_language(settings):
    settings.PUBLIC_BASE_URL = "https://journeys.example.com"
    message = MessageFactory(channel="email", status="sent", address="wang@example.com")
    path = unsubscribe_url(message).split("journeys.example.com", 1)[1]
    asking = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans").get(path).content.decode()
    assert '<html lang="zh-hans">' in asking and "<h1>确认退订？</h1>" in asking and ">退订</button>" in asking
    done = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans").post(path).content.decode()
    assert "你已退订" in done and "<strong>wang@example.com</strong> 将不再收到此类消息。" in done
