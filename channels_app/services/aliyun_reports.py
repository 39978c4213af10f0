"""Aliyun SMS delivery reports (SmsReport, HTTP batch push): a JSON array, each report naming the BizId
Aliyun answered our SendSms with and the OutId we gave it (our message id).

A report moves only a message we sent through Aliyun whose BizId and OutId both match (OutId alone when
the report overtook our own bookkeeping of the BizId). Aliyun repeats a batch it got no `code: 0` for,
so each report is recorded once and a repeat changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from channels_app.models import Channel, Message, MessageStatus
from channels_app.services.callbacks import advance_status
from channels_app.services.events import record_event
from core import clock

DETAIL_FIELDS = ("phone_number", "send_time", "report_time", "success", "err_code", "err_msg", "sms_size",
                 "biz_id", "out_id")


@dataclass
class ReportSummary:
    applied: int = 0
    duplicates: int = 0
    ignored: int = 0  # not about one of our messages, or not a report


def aliyun_reports(reports: list) -> ReportSummary:
    summary = ReportSummary()
    for report in reports:
        outcome = _apply(report) if isinstance(report, dict) else "ignored"
        if outcome == "applied":
            summary.applied += 1
        elif outcome == "duplicate":
            summary.duplicates += 1
        else:
            summary.ignored += 1
    return summary


def _message_for(biz_id: str, out_id: str) -> Message | None:
    if not biz_id or not out_id.isdigit():
        return None
    return (Message.objects.filter(pk=int(out_id), channel=Channel.SMS)
            .filter(Q(provider_id=biz_id) | Q(provider_id="")).first())


def _apply(report: dict) -> str:
    biz_id, out_id = str(report.get("biz_id") or ""), str(report.get("out_id") or "")
    message = _message_for(biz_id, out_id)
    if message is None:
        return "ignored"
    delivered = report.get("success") is True or str(report.get("success")).lower() == "true"
    code = str(report.get("err_code") or ("DELIVERED" if delivered else "failed"))[:50]
    detail = {name: report[name] for name in DETAIL_FIELDS if report.get(name) is not None}
    now = clock.now()
    with transaction.atomic():
        if not record_event(message.pk, "delivered" if delivered else "undelivered", detail,
                            provider_event_id=f"aliyun:{biz_id}:{code}"):
            return "duplicate"
        if delivered:
            advance_status(message, MessageStatus.DELIVERED, now, reason="Aliyun delivered", provider_id=biz_id)
        else:
            advance_status(message, MessageStatus.UNDELIVERED, now, error_code=code, provider_id=biz_id,
                           reason=f"Aliyun {code}: {report.get('err_msg') or 'not delivered'}"[:500])
    return "applied"
