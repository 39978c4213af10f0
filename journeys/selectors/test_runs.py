"""A test send's progress, for the canvas to follow (polled by the editor's Test panel)."""
from __future__ import annotations

from django.shortcuts import get_object_or_404

from channels_app.models import Message
from journeys.models import TestRun


def test_run_status(journey_id: int, run_id: int) -> dict:
    run = get_object_or_404(TestRun.objects.select_related("enrollment"), pk=run_id, journey_id=journey_id)
    enrollment = run.enrollment
    messages = (Message.objects.filter(enrollment=enrollment).order_by("id")
                .values("id", "node", "channel", "status", "reason", "address", "created_at"))
    return {"run_id": run.pk, "state": enrollment.state, "current_node": enrollment.current_node,
            "path": enrollment.path, "wake_at": enrollment.wake_at, "exit_reason": enrollment.exit_reason,
            "messages": list(messages)}
