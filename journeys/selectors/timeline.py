"""One contact's history for the contact page and `GET /api/v1/contacts/{userId}`: traits, events,
enrollments, messages, conversions, and all of them on one time axis. No writes here."""
from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from channels_app.models import Message
from core.masking import contact_addresses, mask_address, mask_data, mask_text
from journeys.models import Contact, Conversion, Enrollment, Event
from journeys.selectors.computed import contact_computed
from journeys.selectors.conversions import conversion_rows
from journeys.selectors.logs import message_rows

TIMELINE_LIMIT = 500  # per kind: the newest events / messages of a very active contact


def contact_timeline(user_id: str, *, masked: bool) -> dict | None:
    """Traits, events, enrollments (with path), messages (with delivery events) and conversions,
    and all of them merged on one time axis (`timeline`, oldest first). None: no such contact."""
    contact = Contact.objects.filter(user_id=user_id).first()
    if contact is None:
        return None
    events = list(Event.objects.filter(contact=contact).order_by("-timestamp", "-id")[:TIMELINE_LIMIT])
    enrollments = list(Enrollment.objects.filter(contact=contact).select_related("journey", "version").order_by("-id")[:100])
    messages = list(Message.objects.filter(contact=contact).select_related("contact", "version")
                    .order_by("-id")[:TIMELINE_LIMIT])
    conversions = list(Conversion.objects.filter(contact=contact).select_related("contact", "version", "event"))
    # Viewers: every address of the contact is masked wherever it appears, not only under its own key.
    known = contact_addresses(contact.email, contact.phone, contact.traits)

    def text(value: str) -> str:
        return mask_text(value, known) if masked and value else value

    def data(value):
        return mask_data(value, known) if masked else value

    message_payload = message_rows(messages, masked=masked)
    conversion_payload = conversion_rows(conversions, masked=masked)
    enrollment_payload = [{
        "id": e.pk, "journey": e.journey_id, "journey_name": e.journey.name, "version": e.version.number,
        "state": e.state, "current_node": e.current_node, "variants": e.variants, "path": e.path,
        "entered_at": e.entered_at, "exited_at": e.exited_at, "converted_at": e.converted_at,
        "exit_reason": text(e.exit_reason) or None,
    } for e in enrollments]
    event_payload = [{"id": e.pk, "event": e.name, "properties": data(e.properties), "timestamp": e.timestamp}
                     for e in events]

    # One axis. `order` breaks ties at the same instant in causal order: the event, then the
    # enrollment it caused, its steps, the message sent, its delivery events, the conversion.
    items: list[dict] = []
    errors = {e.pk: text(e.error) for e in events if e.error}  # handling raised for this event alone
    for e in event_payload:
        title = (gettext("%(event)s (not handled: %(error)s)") % {"event": e["event"], "error": errors[e["id"]]}
                 if e["id"] in errors else e["event"])
        items.append({"at": e["timestamp"], "order": 0, "kind": "event", "title": title,
                      "detail": e["properties"], "ref": e["id"]})
    for e in enrollment_payload:
        items.append({"at": e["entered_at"], "order": 1, "kind": "enrolled", "journey": e["journey"],
                      "title": gettext("entered %(journey)s v%(version)s") % {"journey": e["journey_name"],
                                                                               "version": e["version"]},
                      "ref": e["id"]})
        for step in e["path"] or []:
            at = parse_datetime(step[1]) if isinstance(step, (list, tuple)) and len(step) > 1 else None
            if at is not None:
                items.append({"at": at, "order": 2, "kind": "step", "journey": e["journey"],
                              "title": gettext("reached %(node)s") % {"node": step[0]}, "node": step[0],
                              "ref": e["id"]})
        if e["exited_at"]:
            items.append({"at": e["exited_at"], "order": 6, "kind": "exited", "journey": e["journey"],
                          "title": gettext("left %(journey)s (%(how)s)") % {
                              "journey": e["journey_name"],
                              "how": e["state"] + (": " + e["exit_reason"] if e["exit_reason"] else "")},
                          "ref": e["id"]})
    for m in message_payload:
        items.append({"at": m["created_at"], "order": 3, "kind": "message", "journey": m["journey"],
                      "title": f"{m['channel']} {m['template']}: {m['status']}{' (' + m['reason'] + ')' if m['reason'] else ''}",
                      "ref": m["id"]})
        for ev in m["events"]:
            items.append({"at": ev["at"], "order": 4, "kind": "delivery", "journey": m["journey"],
                          "title": f"{m['channel']} {ev['kind']}", "ref": m["id"]})
    for c in conversion_payload:
        items.append({"at": c["converted_at"], "order": 5, "kind": "conversion", "journey": c["journey"],
                      "title": gettext("converted: %(event)s") % {"event": c["event"]}, "detail": c["properties"],
                      "ref": c["id"]})
    items.sort(key=lambda item: (item["at"], item["order"]))
    for item in items:
        del item["order"]

    return {
        "userId": contact.user_id, "anonymousId": contact.anonymous_id,
        "traits": data(contact.traits),
        "computed": contact_computed(contact.pk),
        "email": mask_address(contact.email) if masked else contact.email,
        "phone": mask_address(contact.phone) if masked else contact.phone,
        "timezone": contact.timezone, "created_at": contact.created_at,
        "events": event_payload, "enrollments": enrollment_payload, "messages": message_payload,
        "conversions": conversion_payload, "timeline": items,
    }
