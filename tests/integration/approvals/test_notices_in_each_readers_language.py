"""Approval notices are written in each recipient's language (design §10): the stored choice of the reader,
else the language of the request that caused them; the approvals page shows them as written."""
from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from journeys.models import Notification
from journeys.services import approvals
from tests.integration.approvals.conftest import journey_in
from workspace.models import UserPreference

pytestmark = pytest.mark.django_db


def test_each_approver_reads_the_submission_in_their_own_language(people):
    # given an approver who chose Chinese and a superuser who chose nothing
    UserPreference.objects.create(user=people["approver"], language="zh-hans")
    journey = journey_in("draft", author=people["marketer"])
    # when an English-speaking marketer submits
    with translation.override("en"):
        approvals.version_submit(journey, user=people["marketer"])
    # then the approver's notice is Chinese, the superuser's English
    texts = dict(Notification.objects.filter(kind="submitted").values_list("user__username", "text"))
    assert texts == {"arne": "mia 提交了 Onboarding v1，等待审批", "root": "mia submitted Onboarding v1 for review"}
    # and the approvals page shows it as written
    client = Client()
    client.force_login(people["approver"])
    page = client.get("/approvals/", HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "mia 提交了 Onboarding v1，等待审批" in page


def test_a_rejection_reaches_the_author_in_their_language_with_the_comment(people):
    UserPreference.objects.create(user=people["marketer"], language="zh-hans")
    journey = journey_in("draft", author=people["marketer"])
    approvals.version_submit(journey, user=people["marketer"])
    with translation.override("en"):
        approvals.version_reject(journey, user=people["approver"], comment="等待时间太长")
    assert Notification.objects.get(kind="rejected").text == "arne 驳回了 Onboarding v1：等待时间太长"
