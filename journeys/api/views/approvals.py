"""The approval workflow over HTTP (design sections 5 and 6): thin views over journeys.services.

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
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema_params import id_param
from journeys import selectors
from journeys.api.serializers.approvals import (
    ApprovalInboxOutput, AuditLogOutput, CommentInput, JourneyTransitionOutput, NotificationListOutput,
    NotificationsMarkedOutput, PublishInput, ReviewCommentListOutput, ReviewCommentOutput, TransitionInput,
    VersionDiffOutput,
)
from journeys.api.views.journeys import journey_payload
from journeys.selectors import runtime as runtime_selectors
from journeys.selectors.filters import parse_number
from journeys.services import approvals, notifications, review


def _version_number(request) -> int | None:
    """`?version=n`, or None when absent; anything but a version number is a 400 naming `version`."""
    number = request.query_params.get("version")
    return None if number is None else parse_number(number, "version")


class _TransitionView(APIView):
    resource = "journeys"
    input_class = TransitionInput

    def post(self, request, journey_id: int):
        journey = runtime_selectors.journey_get(journey_id)
        data = self.input_class(data=request.data or {})
        data.is_valid(raise_exception=True)
        result = self.run(journey, request.user, **data.validated_data)
        version = result[0] if isinstance(result, list) else result
        journey = runtime_selectors.journey_get(journey_id)  # as the transition left it
        return Response(JourneyTransitionOutput({**journey_payload(journey, detail=True), "version": version.number,
                                                 "version_status": version.status}).data)

    def run(self, journey, user, **data):
        raise NotImplementedError


def _transition(action_name: str, fn, input_class=TransitionInput, summary: str = ""):
    def run(self, journey, user, **data):
        return fn(journey, user=user, **data)

    view = type(f"Journey{action_name.title()}View", (_TransitionView,), {"input_class": input_class, "run": run})
    view.post = extend_schema(request=input_class, responses={200: JourneyTransitionOutput}, summary=summary)(view.post)
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
    resource = "journeys"

    @extend_schema(responses=AuditLogOutput, summary="The audit log: every transition and draft save, newest first")
    def get(self, request, journey_id: int):
        entries = runtime_selectors.audit_log(runtime_selectors.journey_get(journey_id))
        return Response(AuditLogOutput({"results": entries, "next": None}).data)


class JourneyDiffView(APIView):
    resource = "journeys"

    @extend_schema(responses=VersionDiffOutput, parameters=[id_param("version")],
                   summary="What changed against the live version: nodes added/removed/changed, edges added/removed, "
                           "template content")
    def get(self, request, journey_id: int):
        journey = runtime_selectors.journey_get(journey_id)
        return Response(VersionDiffOutput(review.version_diff(journey, _version_number(request))).data)


class JourneyCommentsView(APIView):
    resource = "journeys"

    @extend_schema(responses=ReviewCommentListOutput, parameters=[id_param("version")],
                   summary="Review comments")
    def get(self, request, journey_id: int):
        comments = runtime_selectors.review_comments(runtime_selectors.journey_get(journey_id), _version_number(request))
        return Response(ReviewCommentListOutput({"results": comments, "next": None}).data)

    @extend_schema(request=CommentInput, responses={201: ReviewCommentOutput},
                   summary="Comment on a version, or one of its nodes")
    def post(self, request, journey_id: int):
        journey = runtime_selectors.journey_get(journey_id)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = review.comment_add(journey, user=request.user, body=data.validated_data["body"],
                                     node=data.validated_data["node"], version_number=data.validated_data.get("version"))
        return Response(ReviewCommentOutput(comment).data, status=status.HTTP_201_CREATED)


class ApprovalsInboxView(APIView):
    resource = "approvals"

    @extend_schema(responses=ApprovalInboxOutput, summary="Versions awaiting review, oldest first")
    def get(self, request):
        rows = []
        for v in selectors.versions_in_review():
            author = v.updated_by or v.created_by
            rows.append({"journey": v.journey_id, "name": v.journey.name, "version": v.number,
                         "submitted_at": v.updated_at, "author": author.get_username() if author else None,
                         "can_approve": approvals.may_approve(request.user, v), "url": f"/journeys/{v.journey_id}/"})
        return Response(ApprovalInboxOutput({"results": rows, "next": None}).data)


class NotificationsView(APIView):
    resource = "notifications"

    @extend_schema(responses=NotificationListOutput, summary="Your notifications, newest first")
    def get(self, request):
        return Response(NotificationListOutput({
            "results": runtime_selectors.notifications_recent(request.user),
            "unread": runtime_selectors.notifications_unread_count(request.user), "next": None,
        }).data)

    @extend_schema(request=None, responses=NotificationsMarkedOutput,
                   summary='Mark your notifications read: {"ids": [...]} only those, else all')
    def post(self, request):
        ids = request.data.get("ids") if isinstance(request.data, dict) else None
        marked = notifications.notifications_mark_read(request.user, ids if isinstance(ids, list) else None)
        return Response(NotificationsMarkedOutput({"marked": marked}).data)
