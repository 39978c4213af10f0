"""API routes of the audiences, mounted under /api/v1/ (see journeys/urls.py)."""
from django.urls import re_path

from audiences.api import computed, lifecycle, rfm, segments

urlpatterns = [
    # Computed traits, RFM and lifecycle (audiences/api/computed.py, rfm.py, lifecycle.py).
    re_path(r"^computed-traits/?$", computed.ComputedTraitListView.as_view(), name="computed-trait-list"),
    re_path(r"^computed-traits/(?P<key>[-a-zA-Z0-9_]+)/?$", computed.ComputedTraitDetailView.as_view(),
            name="computed-trait-detail"),
    re_path(r"^rfm/?$", rfm.RfmConfigView.as_view(), name="rfm"),
    re_path(r"^rfm/grid/?$", rfm.RfmGridView.as_view(), name="rfm-grid"),
    re_path(r"^rfm/segments/?$", rfm.RfmSegmentsView.as_view(), name="rfm-segments"),
    re_path(r"^lifecycle/?$", lifecycle.LifecycleConfigView.as_view(), name="lifecycle"),
    re_path(r"^lifecycle/summary/?$", lifecycle.LifecycleSummaryView.as_view(), name="lifecycle-summary"),
    # Segments (audiences/api/segments.py); `preview` before `{key}` (the key "preview" is reserved).
    re_path(r"^segments/?$", segments.SegmentListView.as_view(), name="segment-list"),
    re_path(r"^segments/preview/?$", segments.SegmentPreviewView.as_view(), name="segment-preview"),
    re_path(r"^segments/(?P<key>[-a-zA-Z0-9_]+)/?$", segments.SegmentDetailView.as_view(), name="segment-detail"),
    re_path(r"^segments/(?P<key>[-a-zA-Z0-9_]+)/members/?$", segments.SegmentMembersView.as_view(),
            name="segment-members"),
    re_path(r"^segments/(?P<key>[-a-zA-Z0-9_]+)/history/?$", segments.SegmentHistoryView.as_view(),
            name="segment-history"),
]
