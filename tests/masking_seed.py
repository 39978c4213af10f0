"""A contact whose data holds addresses under many names, for the viewer-masking tests (API, pages, browser).

`p9` has addresses in its traits (email, work_email, mobile, billing.email, a WeChat openid),
an order event whose properties carry an email, a sent email whose rendered text and HTML
quote addresses and carry the unsubscribe link, a bounce-like delivery event, a conversion
and a blacklist entry whose reason quotes the mailbox. `SECRETS` is every string a viewer
must never see.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from channels_app.models import DeliveryEvent, Message, MessageTemplate, Suppression
from channels_app.services.delivery import deliver_messages
from core import clock
from journeys.models import Contact, Conversion, Enrollment, Event
from tests.factories import JourneyFactory

USER_ID = "p9"
EMAIL = "p9@example.com"
WORK_EMAIL = "p9.work@corp.example"
MOBILE = "+447700900999"
BILLING_EMAIL = "p9.billing@example.com"
ORDER_EMAIL = "p9.orders@example.com"
OPENID = "oWx9Zq3LkT7bYp2Vn5Rc8Hd1Mf4G"
SECRETS = (EMAIL, WORK_EMAIL, MOBILE, BILLING_EMAIL, ORDER_EMAIL, OPENID, "447700900999", "p9%40example.com")


@dataclass
class Seeded:
    contact: Contact
    message: Message
    conversion: Conversion

    @property
    def unsubscribe_token(self) -> str:
        from channels_app.services.unsubscribe import unsubscribe_token

        return unsubscribe_token(self.message)


def seed_contact_with_addresses() -> Seeded:
    now = clock.now()
    contact = Contact.objects.create(
        user_id=USER_ID, email=EMAIL, phone=MOBILE,
        traits={"first_name": "Pia", "email": EMAIL, "work_email": WORK_EMAIL, "mobile": MOBILE,
                "billing": {"email": BILLING_EMAIL, "plan": "pro"}, "wechat_openid": OPENID})
    MessageTemplate.objects.create(
        slug="p9-news", channel="email", subject="News for {{ first_name }}",
        body="Hi {{ first_name }}, this went to {{ email }} (work: {{ work_email }}, call {{ mobile }}). "
             "Unsubscribe: {{ unsubscribe_url }}",
        html='<p>Billing: {{ billing.email }}</p><a href="{{ unsubscribe_url }}">unsubscribe</a>')
    journey = JourneyFactory(name="Masking")
    version = journey.versions.get()
    enrollment = Enrollment.objects.create(journey=journey, version=version, contact=contact, state="completed",
                                           current_node="x", entered_at=now, exited_at=now,
                                           exit_reason=f"completed after mail to {EMAIL}")
    message = Message.objects.create(enrollment=enrollment, journey=journey, version=version, node="m",
                                     contact=contact, channel="email", template="p9-news", address=EMAIL,
                                     created_at=now)
    deliver_messages([message.pk], now=now)  # the sandbox renders it as a provider would get it
    message.refresh_from_db()
    DeliveryEvent.objects.create(message=message, kind="bounce", occurred_at=now,
                                 detail={"email": EMAIL, "reason": f"550 5.1.1 <{EMAIL}>: unknown recipient"})
    event = Event.objects.create(contact=contact, name="order_completed", timestamp=now + timedelta(minutes=5),
                                 properties={"total": 30, "email": ORDER_EMAIL, "shipping": {"phone": MOBILE}})
    conversion = Conversion.objects.create(enrollment=enrollment, journey=journey, version=version, contact=contact,
                                           event=event, event_name="order_completed", variants={}, message=message,
                                           seconds_to_convert=300.0, converted_at=now + timedelta(minutes=5))
    Suppression.objects.create(channel="email", address=EMAIL,
                               reason=f"sendgrid bounce: 550 <{EMAIL}> mailbox unavailable")
    return Seeded(contact=contact, message=message, conversion=conversion)


def unmasked_in(text: str, seeded: Seeded) -> list[str]:
    """The secrets (and the unsubscribe token) that appear in `text`."""
    return [s for s in (*SECRETS, seeded.unsubscribe_token.split(":")[0]) if s.lower() in text.lower()]
