"""Provider callbacks and the unsubscribe link, mounted at the site root (see journeys/urls.py).

The in-app demo page is here too: this is the channels app's only root-level mount.
"""
from django.urls import path, re_path

from channels_app.webhooks import aliyun, views, wechat

urlpatterns = [
    re_path(r"^webhooks/twilio/status/?$", views.twilio_status, name="twilio-status"),
    re_path(r"^webhooks/twilio/inbound/?$", views.twilio_inbound, name="twilio-inbound"),
    re_path(r"^webhooks/sendgrid/events/?$", views.sendgrid_events, name="sendgrid-events"),
    re_path(r"^webhooks/wechat/?$", wechat.wechat_callback, name="wechat-callback"),
    re_path(r"^webhooks/aliyun/sms-report/?$", aliyun.aliyun_sms_report, name="aliyun-sms-report"),
    path("unsubscribe/<str:token>", views.unsubscribe_link, name="unsubscribe"),
    re_path(r"^inapp/demo/?$", views.inapp_demo, name="inapp-demo"),
]
