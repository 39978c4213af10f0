"""A bad condition on the segment and computed-trait APIs reads in the reader's language (design §10):
Chinese for Accept-Language zh-hans, with the path, ops and values kept; English stays as the graph says it."""
from __future__ import annotations

import re

import pytest

from audiences.models import Segment

pytestmark = pytest.mark.django_db

ZH = "zh-hans"
CHINESE = re.compile("[\u4e00-\u9fff]")


@pytest.mark.parametrize("condition, said", [
    ({"attr": "plan", "op": "like", "value": "pro"},
     'condition.op: 未知的运算符 "like"；应为 eq, neq, gt, gte, lt, lte, in, contains, exists 之一'),
    ({"all": [{"event": "order", "count": {"op": "about", "value": 2}}]},
     'condition.all[0].count.op: 未知的计数运算符 "about"'),
    ({"event": "order", "count": 5}, 'condition.count: 必须是 {"op", "value"} 对象，当前为 5'),
    ({"plan": "pro"}, "condition: 无法识别的条件写法；应为 all, any, not, attr, event, segment, computed 之一"),
    ({"all": []}, "condition.all: 不能为空"),
    ({"attr": "plan", "op": "in", "value": "pro"}, "condition.value: in"),
])
def test_segment_condition_errors_come_in_chinese_keeping_path_and_values(api, condition, said):
    for response in (
        api.post("/api/v1/segments", {"key": "pros", "name": "Pros", "condition": condition}, format="json",
                 HTTP_ACCEPT_LANGUAGE=ZH),
        api.post("/api/v1/segments/preview", {"condition": condition}, format="json", HTTP_ACCEPT_LANGUAGE=ZH),
    ):
        assert response.status_code == 400, response.json()
        detail = response.json()["detail"]
        assert detail.startswith(said) and CHINESE.search(detail), detail
    assert not Segment.objects.exists()


def test_a_condition_nested_too_deep_says_so_in_chinese(api):
    condition = {"attr": "plan", "op": "exists"}
    for _ in range(34):  # past the condition language's 32 levels, within the body's 40
        condition = {"not": condition}
    response = api.post("/api/v1/segments/preview", {"condition": condition}, format="json",
                        HTTP_ACCEPT_LANGUAGE=ZH)
    assert response.status_code == 400
    assert "条件嵌套超过 32 层" in response.json()["detail"]


def test_english_readers_get_the_graph_s_own_words(api):
    response = api.post("/api/v1/segments/preview", {"condition": {"attr": "plan", "op": "like", "value": 1}},
                        format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"].startswith('condition.op: unknown op "like"; expected one of eq,')


def test_a_computed_trait_s_where_errors_come_in_chinese(api):
    body = {"key": "k", "name": "K", "kind": "count", "event": "e", "where": {"prop": "x", "op": "between", "value": 1}}
    response = api.post("/api/v1/computed-traits", body, format="json", HTTP_ACCEPT_LANGUAGE=ZH)
    assert response.status_code == 400, response.json()
    assert 'where.op: 未知的运算符 "between"' in str(response.json())
