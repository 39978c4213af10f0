"""The editor shows the server's validation findings as they come (design §10): in Chinese for a Chinese
reader, ids, paths and values kept; unchanged English for everyone else."""
from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db

ZH = "zh-Hans,zh;q=0.9"
# Every shape of finding a marketer meets while drawing: structure, node configs, settings, conditions.
BROKEN = {"schema": 1, "settings": {"reentry": "sometimes", "goal": {"event": "", "within_seconds": -1}},
          "nodes": [
              {"id": "t", "type": "trigger", "config": {"event": "", "where": {"event": "x", "op": "gt"}}},
              {"id": "w", "type": "wait", "config": {"seconds": 0, "timezone": "contact"}},
              {"id": "s", "type": "send", "config": {"channel": "fax", "template": ""}},
              {"id": "s2", "type": "send", "config": {"channel": "sms", "template": "nope", "colour": "red"}},
              {"id": "ab", "type": "split", "config": {"variants": [{"key": "A", "weight": 60},
                                                                    {"key": "A", "weight": 30}]}},
              {"id": "lost", "type": "exit", "config": {}},
              {"id": "b", "type": "branch", "config": {}},
              {"id": "u", "type": "update", "config": {}},
              {"id": "we", "type": "wait_event", "config": {"event": "paid"}},
              {"id": "q", "type": "teleport", "config": {}},
          ],
          "edges": [{"source": "t", "port": "next", "target": "w"}, {"source": "w", "port": "next", "target": "s"},
                    {"source": "w", "port": "next", "target": "t"}, {"source": "s", "port": "nowhere", "target": "s2"},
                    {"source": "s2", "port": "next", "target": "ghost"}]}


@pytest.fixture
def api(db):
    return api_client_for(with_roles(UserFactory(username="tang"), "marketer"))


def _issues(api, language: str) -> list[dict]:
    journey = api.post("/api/v1/journeys/", {"name": "坏掉的旅程"}, format="json").json()
    response = api.post(f"/api/v1/journeys/{journey['id']}/validate", BROKEN, format="json",
                        HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:300]
    return response.json()["issues"]


def test_every_finding_reads_in_chinese_with_its_ids_kept(api):
    english, chinese = _issues(api, "en"), _issues(api, ZH)
    # the same findings, pinned to the same nodes, with the same codes
    assert [(i["node"], i["code"]) for i in chinese] == [(i["node"], i["code"]) for i in english]
    untranslated = [i["message"] for i in chinese if not re.search("[\u4e00-\u9fff]", i["message"])]
    assert not untranslated, f"left in English: {untranslated}"
    said = {i["message"] for i in chinese}
    assert "'lost' 无法从任何触发器到达" in said
    assert "发送：channel 必须是 sms, email, webhook, inapp, wechat 之一，当前为 \"fax\"" in said
    assert "'s' 的出口 'next' 还没有连线" in said or any("'s' 没有出口 'nowhere'" in m for m in said)


def test_english_findings_are_exactly_what_the_graph_says(api):
    said = {i["message"] for i in _issues(api, "en")}
    assert "'lost' is not reachable from a trigger" in said
    assert 'send: channel must be one of sms, email, webhook, inapp, wechat, not "fax"' in said
