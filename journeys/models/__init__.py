from journeys.models.approval import AuditAction, AuditEntry, Notification, ReviewComment
from journeys.models.contact import Contact, Event
from journeys.models.date_entry import DateEntry, TestRun
from journeys.models.enrollment import Conversion, Enrollment, EnrollmentState, Launch, NodeTally, SegmentMembership
from journeys.models.journey import Journey, JourneyStatus, JourneyVersion

__all__ = [
    "AuditAction", "AuditEntry", "Notification", "ReviewComment",
    "Contact", "Conversion", "DateEntry", "TestRun", "Enrollment", "EnrollmentState", "Event", "Journey", "JourneyStatus",
    "JourneyVersion", "Launch", "NodeTally", "SegmentMembership",
]
