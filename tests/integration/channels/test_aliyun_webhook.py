"""/webhooks/aliyun/sms-report: Aliyun's SmsReport batches. Aliyun signs nothing, so the URL's token (derived from
the access key secret) must match, and a report must name the BizId and OutId of a message we sent."""
import json

import pytest

from channels_app.models import Message
from channels_app.providers.aliyun_sms import report_token, report_url
from tests.integration.channels.wechat_aliyun_support import (ALIYUN_SECRET, aliyun_message, aliyun_report,
                                                              aliyun_settings)  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
BIZ_ID = "900619746936498440^0"


def post(client, reports, token: str | None = None):
    token = report_token(ALIYUN_SECRET) if token is None else token
    return client.post(f"/webhooks/aliyun/sms-report?token={token}", data=json.dumps(reports, ensure_ascii=False),
                       content_type="application/json")


def sent_sms(**fields):
    return aliyun_message(status="sent", provider="aliyun", provider_id=BIZ_ID, **fields)


def test_the_report_url_carries_the_token():
    assert report_url("https://j.example.com/", "s3cret") == (
        f"https://j.example.com/webhooks/aliyun/sms-report?token={report_token('s3cret')}")


def test_a_delivered_report_marks_the_message_delivered_and_answers_code_0(client, aliyun_settings):
    message = sent_sms()
    response = post(client, [aliyun_report(message.pk, BIZ_ID)])
    assert response.status_code == 200 and response.json()["code"] == 0 and response.json()["applied"] == 1
    message.refresh_from_db()
    assert message.status == "delivered"
    # Aliyun repeats a batch: nothing changes
    assert post(client, [aliyun_report(message.pk, BIZ_ID)]).json()["duplicates"] == 1
    assert message.events.filter(kind="delivered").count() == 1


def test_a_failed_report_marks_the_message_undelivered_with_the_carrier_code(client, aliyun_settings):
    message = sent_sms()
    post(client, [aliyun_report(message.pk, BIZ_ID, success=False, err_code="MK:0012")])
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("undelivered", "MK:0012")


def test_a_report_that_overtakes_our_bookkeeping_still_lands(client, aliyun_settings):
    message = aliyun_message(status="sending")  # BizId not stored yet
    post(client, [aliyun_report(message.pk, BIZ_ID)])
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("delivered", BIZ_ID)


@pytest.mark.parametrize("token", ["", "0" * 40, "guessed"])
def test_a_report_without_the_right_token_is_refused_and_changes_nothing(client, aliyun_settings, token):
    message = sent_sms()
    assert post(client, [aliyun_report(message.pk, BIZ_ID)], token=token).status_code == 403
    message.refresh_from_db()
    assert message.status == "sent"


def test_reports_naming_another_biz_id_or_message_are_ignored(client, aliyun_settings):
    message = sent_sms()
    body = post(client, [aliyun_report(message.pk, "1111^0"), aliyun_report(message.pk + 999, BIZ_ID),
                         "not a report"]).json()
    assert (body["applied"], body["ignored"]) == (0, 3)
    assert Message.objects.get(pk=message.pk).status == "sent"


@pytest.mark.parametrize("body", ['{"not": "a list"}', "not json"])
def test_a_body_that_is_not_a_json_array_is_a_bad_request(client, aliyun_settings, body):
    response = client.post(f"/webhooks/aliyun/sms-report?token={report_token(ALIYUN_SECRET)}", data=body,
                           content_type="application/json")
    assert response.status_code == 400
