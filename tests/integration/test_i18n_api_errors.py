"""API errors follow Accept-Language (design §10): the per-field messages of a 400, the `detail` of a 403 and a
404, in Chinese for a Chinese caller and unchanged English for everyone else."""
from __future__ import annotations

import pytest

from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db

ZH = "zh-Hans,zh;q=0.9"


@pytest.fixture
def marketer(db):
    return api_client_for(with_roles(UserFactory(username="zhou"), "marketer"))


@pytest.fixture
def viewer(db):
    return api_client_for(with_roles(UserFactory(username="qian"), "viewer"))


def test_a_400_names_the_field_in_chinese(marketer):
    # DRF's own field message
    missing = marketer.post("/api/v1/journeys/", {}, format="json", HTTP_ACCEPT_LANGUAGE=ZH)
    assert missing.status_code == 400 and missing.json() == {"name": ["该字段是必填项。"]}
    # the project's own checks at the edge: the field keeps its name, the problem is Chinese
    not_a_number = marketer.get("/api/v1/messages?journey=abc", HTTP_ACCEPT_LANGUAGE=ZH)
    assert not_a_number.status_code == 400
    assert not_a_number.json() == {"detail": "'abc' 不是数字", "field": "journey"}
    too_long = marketer.get("/api/v1/metrics/activity?from=2024-01-01&to=2026-11-29", HTTP_ACCEPT_LANGUAGE=ZH)
    assert too_long.status_code == 400 and too_long.json() == {"from": ["时间范围最多 731 天"]}


def test_the_same_400s_stay_english_without_the_header(marketer):
    assert marketer.post("/api/v1/journeys/", {}, format="json").json() == {"name": ["This field is required."]}
    assert marketer.get("/api/v1/messages?journey=abc").json() == {"detail": "'abc' is not a number",
                                                                   "field": "journey"}
    too_long = marketer.get("/api/v1/metrics/activity?from=2024-01-01&to=2026-11-29")
    assert too_long.json() == {"from": ["the range may span at most 731 days"]}


def test_a_403_says_which_role_is_needed_in_the_callers_language(viewer):
    refused = viewer.post("/api/v1/journeys/", {"name": "x"}, format="json", HTTP_ACCEPT_LANGUAGE=ZH)
    assert refused.status_code == 403 and refused.json()["detail"] == "此操作需要审批人或运营角色"
    english = viewer.post("/api/v1/journeys/", {"name": "x"}, format="json")
    assert english.status_code == 403 and english.json()["detail"] == "this needs the approver or marketer role"


def test_a_404_names_what_is_missing_in_the_callers_language(marketer):
    journey = marketer.get("/api/v1/journeys/999999/", HTTP_ACCEPT_LANGUAGE=ZH)
    assert journey.status_code == 404 and journey.json()["detail"] == "找不到指定的旅程。"
    assert marketer.get("/api/v1/journeys/999999/").json()["detail"] == "No Journey matches the given query."
    contact = marketer.get("/api/v1/contacts/nobody", HTTP_ACCEPT_LANGUAGE=ZH)
    assert contact.status_code == 404 and "nobody" in contact.json()["detail"]
    assert contact.json()["detail"].startswith("没有 userId 为")
    assert marketer.get("/api/v1/contacts/nobody").json()["detail"] == "no contact with userId 'nobody'"


def test_the_edges_refusals_before_any_view_follow_the_caller_too(marketer):
    # the URL check runs before the language is picked for the request: each answer is still the caller's own
    chinese = marketer.get("/api/v1/journeys/?limit=1&limit=2", HTTP_ACCEPT_LANGUAGE=ZH)
    english = marketer.get("/api/v1/journeys/?limit=1&limit=2", HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.status_code == english.status_code == 400
    assert chinese.json() == {"detail": "limit: 重复提供了多次", "field": "limit"}
    assert english.json() == {"detail": "limit: is given more than once", "field": "limit"}
