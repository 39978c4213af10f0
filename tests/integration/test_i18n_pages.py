"""Every page in Chinese (design §10): a Chinese browser gets the workspace's pages with the catalogue's Chinese,
no English sentence of the catalogue left on them, codes named in the operators' words (指标, 人群, 渠道), and
dates written the Chinese way; an English browser gets the same pages in English."""
from __future__ import annotations

import gettext
import html
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from django.test import Client

from health.models import Alert, AlertRule
from journeys.models import Journey
from tests.factories import JourneyFactory, UserFactory, with_roles

pytestmark = pytest.mark.django_db

ZH = "zh-Hans,zh;q=0.9"
MO = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.mo"
ALERT_AT = datetime(2026, 11, 29, 6, 5, tzinfo=timezone.utc)
PAGES = ["/journeys/", "/approvals/", "/overview/", "/messages/", "/conversions/", "/contacts/", "/audiences/",
         "/audiences/rfm", "/audiences/lifecycle", "/audiences/new", "/health/", "/alerts/", "/settings/channels",
         "/settings/keys", "/inapp/demo/?userId=ada"]


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(with_roles(UserFactory(username="wang", is_staff=True), "admin"))  # staff: the in-app demo
    return client


@pytest.fixture
def alert() -> Alert:
    rule = AlertRule.objects.create(name="投诉激增", metric="complaint_rate", scope={"channel": "sms"},
                                    comparison="above", thresholds={"yellow": 0.01, "orange": 0.03, "red": 0.05},
                                    window_minutes=60, on_red="pause_channel", notify=["inapp"])
    return Alert.objects.create(rule=rule, level="orange", value=0.04, threshold=0.03, started_at=ALERT_AT)


def _english_sentences() -> set[str]:
    """The catalogue's English of more than one word whose Chinese differs: none may show on a Chinese page."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    sentences = set()
    for key, chinese in catalogue.items():
        english = key[0] if isinstance(key, tuple) else key
        english = english.split("\x04")[-1]  # msgctxt\x04msgid
        if not english or "%(" in english or "<" in english or english == chinese:
            continue
        if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", english) and english not in chinese:
            sentences.add(english)
    return sentences


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("path", PAGES)
def test_a_chinese_page_shows_no_english_sentence_of_the_catalogue(admin_client, alert, path):
    response = admin_client.get(path, HTTP_ACCEPT_LANGUAGE=ZH)
    assert response.status_code == 200, path
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    text = _visible_text(page)
    leftovers = sorted(sentence for sentence in _english_sentences() if sentence in text)
    assert not leftovers, f"{path} shows English in Chinese: {leftovers}"
    # the same scan finds the English on the English page (else it proves nothing)
    english = _visible_text(admin_client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert any(sentence in english for sentence in _english_sentences()), path


def test_the_alerts_page_names_metrics_levels_and_actions_in_chinese(admin_client, alert):
    zh = admin_client.get("/alerts/", HTTP_ACCEPT_LANGUAGE=ZH).content.decode()
    assert "<h1>告警</h1>" in zh and "未恢复的告警" in zh and ">确认</button>" in zh
    assert "投诉率 · 渠道 sms" in zh and ">橙色</span>" in zh and "暂停渠道" in zh
    assert '<option value="complaint_rate">投诉率</option>' in zh  # the form still posts the code
    en = admin_client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Alerts</h1>" in en and "complaint_rate · channel sms" in en and ">Acknowledge</button>" in en


def test_health_rfm_lifecycle_and_channels_pages_speak_chinese(admin_client):
    pages = {path: _visible_text(admin_client.get(path, HTTP_ACCEPT_LANGUAGE=ZH).content.decode())
             for path in ("/health/", "/audiences/rfm", "/audiences/lifecycle", "/settings/channels")}
    assert "运营健康度" in pages["/health/"] and "用户粘性（DAU/MAU）" in pages["/health/"]
    assert "还没有 RFM 评分" in pages["/audiences/rfm"]
    assert "生命周期阶段" in pages["/audiences/lifecycle"] and "还没有阶段数据" in pages["/audiences/lifecycle"]
    assert "发送速率上限" in pages["/settings/channels"] and "短信" in pages["/settings/channels"]
    assert "熔断器" in pages["/settings/channels"] and "单条消息成本" in pages["/settings/channels"]


def test_dates_on_pages_are_written_in_the_readers_language(admin_client, alert):
    # given a journey last changed on 29 November 2026 at 06:05 UTC
    journey = JourneyFactory(name="复购提醒")
    Journey.objects.filter(pk=journey.pk).update(updated_at=ALERT_AT)
    # when a Chinese and an English reader open the journey list and the alerts
    zh = admin_client.get("/journeys/", HTTP_ACCEPT_LANGUAGE=ZH).content.decode()
    en = admin_client.get("/journeys/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then each reads the date their way
    assert "2026年11月29日 06:05" in zh and "2026-11-29 06:05" not in zh
    assert "2026-11-29 06:05" in en
    assert "2026年11月29日 06:05" in admin_client.get("/alerts/", HTTP_ACCEPT_LANGUAGE=ZH).content.decode()


def test_a_refused_or_missing_page_explains_itself_in_chinese(db):
    # given a viewer on a Chinese browser
    viewer = Client()
    viewer.force_login(with_roles(UserFactory(username="xu"), "viewer"))
    # when they open an admin's page, and a page that does not exist
    refused = viewer.get("/settings/keys", HTTP_ACCEPT_LANGUAGE=ZH)
    missing = viewer.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=ZH)
    # then both say so in Chinese, the refusal naming the role it takes
    assert refused.status_code == 403 and missing.status_code == 404
    assert "你的账号无权执行此操作" in refused.content.decode() and "此操作需要管理员角色" in refused.content.decode()
    assert "页面不存在" in missing.content.decode() and '<html lang="zh-hans">' in missing.content.decode()
