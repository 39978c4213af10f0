"""WeChat's server pushes (GET to verify the URL, POST for events). Thin: verify, parse, call the service.

WeChat signs every request with sha1 of the sorted WECHAT_TOKEN, timestamp and nonce (query string);
a bad signature or a timestamp more than MAX_SKEW from now gets 403 and changes nothing (a captured push
cannot be replayed later). Plaintext and compatible modes are read; the encrypted-only (safe) mode is not.
WeChat expects "success" (or an empty body) back, else it retries and warns the account's admins.
"""
from __future__ import annotations

import logging
from datetime import timedelta

import xmltodict
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wechatpy import parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.utils import check_signature

from channels_app import conf
from channels_app.services.wechat_events import wechat_event
from core import clock

log = logging.getLogger(__name__)
MAX_SKEW = timedelta(minutes=10)
TEXT = "text/plain; charset=utf-8"


def _signed(request) -> bool:
    token = conf.wechat_token()
    if not token:
        log.warning("WeChat push refused: WECHAT_TOKEN is not set, so it cannot be verified")
        return False
    params = request.GET
    try:
        check_signature(token, params.get("signature", ""), params.get("timestamp", ""), params.get("nonce", ""))
    except InvalidSignatureException:
        return False
    return True


def _fresh(timestamp: str) -> bool:
    try:
        signed_at = int(timestamp)
    except ValueError:
        return False
    return abs(clock.now().timestamp() - signed_at) <= MAX_SKEW.total_seconds()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def wechat_callback(request):
    if not _signed(request):
        return HttpResponseForbidden("bad signature")
    if not _fresh(request.GET.get("timestamp", "")):
        return HttpResponseForbidden("stale signature: signed more than 10 minutes from now")
    if request.method == "GET":  # the URL check when the server address is configured: echo it back
        return HttpResponse(request.GET.get("echostr", ""), content_type=TEXT)
    body = request.body
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():  # WeChat never sends either
        return HttpResponseBadRequest("DTDs and entities are not accepted")
    try:
        raw = xmltodict.parse(body.decode("utf-8"))["xml"]
        event = parse_message(body.decode("utf-8"))
    except Exception:  # noqa: BLE001 — malformed XML of any kind is the same bad request
        return HttpResponseBadRequest("not a WeChat XML message")
    if not isinstance(raw, dict):
        return HttpResponseBadRequest("not a WeChat XML message")
    if "Encrypt" in raw and "FromUserName" not in raw:
        log.warning("WeChat push in safe (encrypted) mode ignored: use plaintext or compatible mode")
        return HttpResponse("success", content_type=TEXT)
    outcome = wechat_event(event, raw)
    log.info("WeChat push %s: %s", raw.get("Event") or raw.get("MsgType"), outcome)
    return HttpResponse("success", content_type=TEXT)
