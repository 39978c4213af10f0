"""The approval workflow over HTTP (design sections 5 and 6): thin views over journeys.services.approvals.

POST /api/v1/journeys/{id}/{submit,withdraw,approve,reject,publish,pause,resume,archive}
    body (all optional except reject's comment): {"comment": str}; publish also {"migrate_waiting": bool}
    -> 200 the journey payload plus {"version": n, "version_status": s}; 403 wrong role / four eyes;
       409 bad transition ({"detail", "field": "status"}) or validation errors ({"issues": [...]});
       400 reject without a comment ({"field": "comment"}).
GET  /api/v1/journeys/{id}/history   -> {"results": [audit entry, ...], "next": null}, newest first
GET  /api/v1/journeys/{id}/diff      -> the editable version against the live one (?version=n for another)
GET  /api/v1/journeys/{id}/comments  -> {"results": [comment, ...], "next": null} (?version=n)
POST /api/v1/journeys/{id}/comments  {"body": str, "node"?: id, "version"?: n} -> 201 comment
GET  /api/v1/approvals               -> {"results": [versions in review], "next": null}
GET  /api/v1/notifications           -> {"results": [notification, ...], "unread": n}; POST marks read
"""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from journeys import selectors
from journeys.api.views.journeys import journey_payload
from journeys.models import AuditEntry, Journey, Notification, ReviewComment
from journeys.services import approvals

HISTORY_LIMIT = 500


class TransitionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class PublishInput(TransitionInput):
    migrate_waiting = serializers.BooleanField(required=False, default=False)


class CommentInput(serializers.Serializer):
    body = serializers.CharField(max_length=5000, allow_blank=True)
    node = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    version = serializers.IntegerField(required=False, min_value=1)


def audit_payload(entry: AuditEntry) -> dict:
    return {"id": entry.pk, "at": entry.created_at, "actor": entry.actor_name, "action": entry.action,
            "comment": entry.comment, "from_status": entry.from_status or None, "to_status": entry.to_status or None,
            "version": entry.version_number, "content_hash": entry.content_hash, "details": entry.details}


def comment_payload(comment: ReviewComment) -> dict:
    return {"id": comment.pk, "version": comment.version.number, "author": comment.author_name,
            "node": comment.node or None, "body": comment.body, "created_at": comment.created_at}


def notification_payload(n: Notification) -> dict:
    return {"id": n.pk, "kind": n.kind, "journey": n.journey_id, "version": n.version_number, "text": n.text,
            "created_at": n.created_at, "read": n.read_at is not None, "url": f"/journeys/{n.journey_id}/"}


class _TransitionView(APIView):
    action = ""
    input_class = TransitionInput

    def post(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        data = self.input_class(data=request.data or {})
        data.is_valid(raise_exception=True)
        result = self.run(journey, request.user, **data.validated_data)
        version = result[0] if isinstance(result, list) else result
        journey.refresh_from_db()
        return Response({**journey_payload(journey, detail=True), "version": version.number,
                         "version_status": version.status})

    def run(self, journey, user, **data):
        raise NotImplementedError


def _transition(action_name: str, fn, input_class=TransitionInput, summary: str = ""):
    def run(self, journey, user, **data):
        return fn(journey, user=user, **data)

    view = type(f"Journey{action_name.title()}View", (_TransitionView,),
                {"action": action_name, "input_class": input_class, "run": run})
    view.post = extend_schema(request=input_class, responses={200: dict}, summary=summary)(view.post)
    return view


JourneySubmitView = _transition("submit", approvals.version_submit, summary="draft -> in_review (marketer)")
JourneyWithdrawView = _transition("withdraw", approvals.version_withdraw, summary="in_review -> draft (its author)")
JourneyApproveView = _transition("approve", approvals.version_approve,
                                 summary="in_review -> approved (approver who did not edit it)")
JourneyRejectView = _transition("reject", approvals.version_reject,
                                summary="in_review -> draft with a mandatory comment (approver)")
JourneyPublishView = _transition("publish", approvals.version_publish, PublishInput,
                                 summary="approved -> live; the previous live version finishes (approver)")
JourneyPauseView = _transition("pause", approvals.version_pause, summary="live -> paused (approver)")
JourneyResumeView = _transition("resume", approvals.version_resume, summary="paused -> live (approver)")
JourneyArchiveView = _transition("archive", approvals.journey_archive,
                                 summary="running versions -> archived; enrollments end (approver)")


class JourneyHistoryView(APIView):
    @extend_schema(responses=dict, summary="The audit log: every transition and draft save, newest first")
    def get(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        entries = AuditEntry.objects.filter(journey=journey).order_by("-id")[:HISTORY_LIMIT]
        return Response({"results": [audit_payload(e) for e in entries], "next": None})


class JourneyDiffView(APIView):
    @extend_schema(responses=dict, parameters=[OpenApiParameter("version", int)],
                   summary="What changed against the live version: nodes added/removed/changed, edges added/removed")
    def get(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        number = request.query_params.get("version")
        return Response(approvals.version_diff(journey, int(number) if number and number.isdigit() else None))


class JourneyCommentsView(APIView):
    @extend_schema(responses=dict, parameters=[OpenApiParameter("version", int)], summary="Review comments")
    def get(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        comments = ReviewComment.objects.filter(version__journey=journey).select_related("version")
        number = request.query_params.get("version")
        if number and number.isdigit():
            comments = comments.filter(version__number=int(number))
        return Response({"results": [comment_payload(c) for c in comments.order_by("id")], "next": None})

    @extend_schema(request=CommentInput, responses={201: dict}, summary="Comment on a version, or one of its nodes")
    def post(self, request, journey_id: int):
        journey = get_object_or_404(Journey, pk=journey_id)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = approvals.comment_add(journey, user=request.user, body=data.validated_data["body"],
                                        node=data.validated_data["node"],
                                        version_number=data.validated_data.get("version"))
        return Response(comment_payload(comment), status=status.HTTP_201_CREATED)


class ApprovalsInboxView(APIView):
    @extend_schema(responses=dict, summary="Versions awaiting review, oldest first")
    def get(self, request):
        rows = []
        for v in selectors.versions_in_review():
            rows.append({"journey": v.journey_id, "name": v.journey.name, "version": v.number,
                         "submitted_at": v.updated_at,
                         "author": (v.updated_by or v.created_by).get_username() if (v.updated_by or v.created_by) else None,
                         "can_approve": approvals.may_approve(request.user, v), "url": f"/journeys/{v.journey_id}/"})
        return Response({"results": rows, "next": None})


class NotificationsView(APIView):
    viewer_safe = True  # marking one's own notices read is not a write to the workspace

    @extend_schema(responses=dict, summary="Your notifications, newest first")
    def get(self, request):
        items = Notification.objects.filter(user=request.user).order_by("-id")[:100]
        unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
        return Response({"results": [notification_payload(n) for n in items], "unread": unread, "next": None})

    @extend_schema(request=None, responses=dict, summary="Mark your notifications read")
    def post(self, request):
        ids = request.data.get("ids") if isinstance(request.data, dict) else None
        return Response({"marked": approvals.notifications_mark_read(request.user, ids if isinstance(ids, list) else None)})
