"""API routes of health, mounted under /api/v1/ (journeys/urls.py includes them by name)."""
from django.urls import re_path

from health.api import views

urlpatterns = [
    re_path(r"^alert-rules/?$", views.AlertRuleListView.as_view(), name="alert-rule-list"),
    re_path(r"^alert-rules/(?P<alert_rule_id>\d+)/?$", views.AlertRuleDetailView.as_view(), name="alert-rule-detail"),
    re_path(r"^alerts/?$", views.AlertListView.as_view(), name="alert-list"),
    re_path(r"^alerts/(?P<alert_id>\d+)/ack/?$", views.AlertAckView.as_view(), name="alert-ack"),
    re_path(r"^alerts/(?P<alert_id>\d+)/resume/?$", views.AlertResumeView.as_view(), name="alert-resume"),
]
