"""Provider callbacks and the unsubscribe link. Thin: verify the signature, call a service, answer.

A request whose signature does not check out gets 403 and changes nothing. The
URL Twilio signed is the public one (PUBLIC_BASE_URL), not what a proxy in front
of us forwarded, so it is rebuilt from the setting. A SendGrid batch signed more than
SENDGRID_MAX_SKEW away from now is refused too: a captured request cannot be replayed
later (events are deduplicated, but an opt-out lifted since would be reapplied).
Twilio signs no timestamp; inbound SMS are deduplicated by MessageSid instead.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import role_page
from channels_app import conf, inapp
from channels_app.providers import sendgrid_email, twilio_sms
from channels_app.services import callbacks
from channels_app.services.unsubscribe import read_unsubscribe_token, unsubscribe
from core import clock, validation

log = logging.getLogger(__name__)
TWIML = "application/xml"
SENDGRID_MAX_SKEW = timedelta(minutes=10)


def _twilio_signature_ok(request) -> bool:
    url = f"{settings.PUBLIC_BASE_URL}{request.get_full_path()}"
    signature = request.headers.get("X-Twilio-Signature", "")
    if not settings.TWILIO_AUTH_TOKEN:
        log.warning("Twilio callback refused: TWILIO_AUTH_TOKEN is not set, so it cannot be verified")
        return False
    return twilio_sms.signature_is_valid(settings.TWILIO_AUTH_TOKEN, url, request.POST, signature)


@csrf_exempt
@require_POST
def twilio_status(request):
    if not _twilio_signature_ok(request):
        return HttpResponseForbidden("bad signature")
    outcome = callbacks.twilio_status(request.POST, request.GET.get("message_id"))
    return JsonResponse({"result": outcome})


@csrf_exempt
@require_POST
def twilio_inbound(request):
    if not _twilio_signature_ok(request):
        return HttpResponseForbidden("bad signature")
    result = callbacks.twilio_inbound(request.POST, help_reply=conf.sms_help_reply())
    return HttpResponse(twilio_sms.twiml_message(result.reply), content_type=TWIML)


def _sendgrid_timestamp_is_fresh(timestamp: str) -> bool:
    try:
        signed_at = int(timestamp)
    except ValueError:
        return False
    return abs(clock.now().timestamp() - signed_at) <= SENDGRID_MAX_SKEW.total_seconds()


@csrf_exempt
@require_POST
def sendgrid_events(request):
    payload = request.body.decode("utf-8", "replace")
    ok = sendgrid_email.event_signature_is_valid(
        settings.SENDGRID_WEBHOOK_PUBLIC_KEY, payload,
        request.headers.get(sendgrid_email.SIGNATURE_HEADER, ""), request.headers.get(sendgrid_email.TIMESTAMP_HEADER, ""))
    if not ok:
        if not settings.SENDGRID_WEBHOOK_PUBLIC_KEY:
            log.warning("SendGrid events refused: SENDGRID_WEBHOOK_PUBLIC_KEY is not set, so they cannot be verified")
        return HttpResponseForbidden("bad signature")
    if not _sendgrid_timestamp_is_fresh(request.headers.get(sendgrid_email.TIMESTAMP_HEADER, "")):
        return HttpResponseForbidden("stale signature: signed more than 10 minutes from now")
    try:  # nesting bounded before the recursive decoder runs out of stack; NUL refused (core.validation)
        events = validation.loads(payload, "body")
    except validation.InputError as exc:
        return JsonResponse({"detail": str(exc), "field": exc.field}, status=400)
    if not isinstance(events, list):
        return JsonResponse({"detail": "expected a JSON array of events", "field": None}, status=400)
    report = callbacks.sendgrid_events(events)
    return JsonResponse({"applied": report.applied, "duplicates": report.duplicates, "ignored": report.ignored})


@csrf_exempt  # RFC 8058: mailbox providers POST `List-Unsubscribe=One-Click` without our form's token
@require_http_methods(["GET", "POST"])
def unsubscribe_link(request, token: str):
    target = read_unsubscribe_token(token)
    if target is None:
        return render(request, "channels_app/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "GET":
        # Link scanners fetch every URL in a mail: a GET only asks, the POST unsubscribes.
        return render(request, "channels_app/unsubscribe.html", {"target": target, "token": token})
    unsubscribe(target)
    return render(request, "channels_app/unsubscribe.html", {"target": target, "done": True})


@role_page("inapp_tokens")
def inapp_demo(request):
    """A tiny page that behaves like a customer's app: an inbox fed live over /ws/inapp/.

    Staff only, on top of the role: it opens any contact's inbox, a tool rather than a page of the app.
    """
    if not request.user.is_staff:
        raise PermissionDenied("the in-app demo page is for staff")
    user_id = request.GET.get("userId", "").strip()
    token = inapp.issue_token(user_id).token if user_id else ""
    return render(request, "channels_app/inapp_demo.html", {"user_id": user_id, "token": token})
