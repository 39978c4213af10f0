"""One version's analytics (page, API and live consumer): funnel, sends, rates, A/B variants
with significance, conversions. A fixed number of aggregate queries; no writes here."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from channels_app.models import BLOCKED_STATUSES, PROVIDER_ACCEPTED_STATUSES, DeliveryEvent, Message, MessageStatus
from core import stats_extensions
from journeys.analytics import stats
from journeys.models import Conversion, Enrollment, Journey, JourneyVersion
from journeys.selectors.journeys import enrollment_state_counts, journey_node_counts

OPEN_KINDS = ("open", "read")  # an in-app "read" is an open
CLICK_KINDS = ("click",)


def split_controls(graph: dict) -> dict[str, str | None]:
    """split node id -> its control variant key.

    The control is the variant named `control` (any case); else a holdout (a variant whose
    port leads straight to an `exit` node, design §4); else the first variant listed.
    """
    nodes = {n["id"]: n for n in graph.get("nodes", [])}
    controls: dict[str, str | None] = {}
    for node in nodes.values():
        if node.get("type") != "split":
            continue
        keys = [v.get("key") for v in (node.get("config") or {}).get("variants", []) if isinstance(v, dict)]
        named = next((k for k in keys if isinstance(k, str) and k.lower() == "control"), None)
        holdout = next((e["port"] for e in graph.get("edges", []) if e.get("source") == node["id"]
                        and e.get("port") in keys and nodes.get(e.get("target"), {}).get("type") == "exit"), None)
        controls[node["id"]] = named or holdout or (keys[0] if keys else None)
    return controls


def journey_analytics(journey: Journey, version: JourneyVersion) -> dict:
    """Everything the analytics page draws, for one version (funnel, sends, rates, variants, conversions).

    Rates: delivery = delivered / sent (sent = handed to a provider and not failed: sent, delivered,
    undelivered, bounced); open and click = messages with at least one open (or in-app read) / click
    event, over delivered (over sent for channels without delivery receipts would flatter; we keep one
    definition). Conversion rate per variant = converted enrollments / enrollments assigned that variant.
    """
    nodes = journey_node_counts(version)
    enrollments = Enrollment.objects.filter(version=version, is_test=False)  # test sends are not stats

    # funnel: nodes in graph order, with why contacts left there
    exits: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (enrollments.filter(state__in=["completed", "exited", "failed"])
                .values("current_node", "state", "exit_reason").annotate(n=Count("id"))):
        reason = row["exit_reason"] or row["state"]
        exits[row["current_node"]][reason] = exits[row["current_node"]].get(reason, 0) + row["n"]
    funnel = [{"node": n["id"], "type": n.get("type"), **nodes.get(n["id"], {}),
               "exit_reasons": exits.get(n["id"], {})} for n in version.graph.get("nodes", [])]

    # sends by channel and status
    messages = Message.objects.filter(version=version, is_test=False)
    by_channel: dict[str, dict[str, int]] = defaultdict(dict)
    by_status: dict[str, int] = defaultdict(int)
    for row in messages.values("channel", "status").annotate(n=Count("id")):
        by_channel[row["channel"]][row["status"]] = row["n"]
        by_status[row["status"]] += row["n"]
    total = sum(by_status.values())
    sent = sum(by_status.get(s, 0) for s in PROVIDER_ACCEPTED_STATUSES)
    delivered = by_status.get(MessageStatus.DELIVERED, 0)
    engaged = DeliveryEvent.objects.filter(message__version=version)
    opened = engaged.filter(kind__in=OPEN_KINDS).values("message_id").distinct().count()
    clicked = engaged.filter(kind__in=CLICK_KINDS).values("message_id").distinct().count()

    # conversions per split variant: group enrollments by their variants JSON (few distinct values)
    controls = split_controls(version.graph)
    per_variant: dict[str, dict[str, list[int]]] = {split: {} for split in controls}
    enrolled_total = converted_total = 0
    for row in enrollments.values("variants").annotate(n=Count("id"), c=Count("id", filter=Q(conversion__isnull=False))):
        enrolled_total += row["n"]
        converted_total += row["c"]
        for split, key in (row["variants"] or {}).items():
            bucket = per_variant.setdefault(split, {}).setdefault(key, [0, 0])
            bucket[0] += row["n"]
            bucket[1] += row["c"]
    variants = []
    for split, counts in per_variant.items():
        control = controls.get(split)
        graph_keys = next(([v.get("key") for v in (n.get("config") or {}).get("variants", [])]
                           for n in version.graph.get("nodes", []) if n["id"] == split), [])
        keys = [k for k in graph_keys if k] + sorted(k for k in counts if k not in graph_keys)
        base = counts.get(control, [0, 0])
        rows = []
        for key in keys:
            n, x = counts.get(key, [0, 0])
            comparison = (stats.two_proportion_ztest(x, n, base[1], base[0]).as_dict() if key != control
                          else {"z": None, "p_value": None, "diff": None, "ci_low": None, "ci_high": None, "uplift": None})
            rows.append({"key": key, "control": key == control, "enrolled": n, "converted": x,
                         "rate": stats.rate(x, n), **comparison})
        variants.append({"split": split, "control": control, "variants": rows})

    seconds = sorted(Conversion.objects.filter(version=version).values_list("seconds_to_convert", flat=True))
    return stats_extensions.extend("journey_stats", {
        "journey": journey.pk, "version": version.number, "version_status": version.status,
        "nodes": nodes, "enrollments": enrollment_state_counts(journey),
        "funnel": funnel,
        "sends": {"total": total, "by_status": dict(by_status), "by_channel": dict(by_channel)},
        "rates": {"sent": sent, "delivered": delivered, "opened": opened, "clicked": clicked,
                  "blocked": sum(by_status.get(s, 0) for s in BLOCKED_STATUSES),
                  "delivery_rate": stats.rate(delivered, sent), "open_rate": stats.rate(opened, delivered),
                  "click_rate": stats.rate(clicked, delivered)},
        "variants": variants,
        "conversions": {"enrolled": enrolled_total, "converted": converted_total,
                        "rate": stats.rate(converted_total, enrolled_total),
                        "time_to_convert": {"histogram": stats.time_to_convert_histogram(seconds),
                                            "median_seconds": stats.percentile(seconds, 50),
                                            "p90_seconds": stats.percentile(seconds, 90)}},
    }, version=version)  # health adds revenue, cost and ROI (per variant too)
