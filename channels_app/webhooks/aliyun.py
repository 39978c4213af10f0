"""Aliyun SMS delivery reports (SmsReport, HTTP batch push). Thin: verify, parse, call the service.

Aliyun signs nothing here: the URL's `token` (derived from ALIYUN_ACCESS_KEY_SECRET, see
providers/aliyun_sms.py and `manage.py aliyun_report_url`) must match, else 403 and nothing changes.
Aliyun expects `{"code": 0}` back, and repeats the batch otherwise.
"""
from __future__ import annotations

import logging

from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from channels_app import conf
from channels_app.providers.aliyun_sms import report_token_is_valid
from channels_app.services.aliyun_reports import aliyun_reports
from core import validation

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def aliyun_sms_report(request):
    secret = conf.aliyun_access_key_secret()
    if not report_token_is_valid(secret, request.GET.get("token", "")):
        if not secret:
            log.warning("Aliyun SMS report refused: ALIYUN_ACCESS_KEY_SECRET is not set, so it cannot be verified")
        return HttpResponseForbidden("bad token")
    try:  # nesting bounded, NUL refused (core.validation)
        reports = validation.loads(request.body.decode("utf-8", "replace"), "body")
    except validation.InputError as exc:
        return JsonResponse({"detail": str(exc), "field": exc.field}, status=400)
    if not isinstance(reports, list):
        return JsonResponse({"detail": "expected a JSON array of reports", "field": None}, status=400)
    summary = aliyun_reports(reports)
    return JsonResponse({"code": 0, "msg": "接收成功", "applied": summary.applied, "duplicates": summary.duplicates,
                         "ignored": summary.ignored})
