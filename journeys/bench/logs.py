"""`journeys_bench --only logs`: the delivery log at a million rows.

1. Writes ROWS message rows in one set-based `INSERT … SELECT generate_series` (PostgreSQL only:
   on SQLite the section refuses, a million-row log is a production-database question).
2. Times filtered `GET /api/v1/messages` calls through the real view (DRF test client, token-less
   forced auth), each a few times; reports the median and the worst per query (target < 200 ms).
3. Streams `GET /api/v1/messages?format=csv` of all rows through the same view and samples the
   process's RSS while consuming it: memory after the first 100,000 rows vs the peak shows that
   the export does not grow with the row count.
4. Deletes what it wrote and VACUUM ANALYZEs (autovacuum may be off).
"""
from __future__ import annotations

import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

ROWS = 1_000_000
CONTACTS = 10_000
JOURNEYS = 4
TARGET_MS = 200
REPEAT = 5
BENCH_TEMPLATE = "bench-logs"


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


def seed(rows: int) -> dict:
    from journeys.models import Contact, Journey, JourneyVersion

    remove_leftovers()
    with transaction.atomic():
        journeys = [Journey.objects.create(name=f"bench logs {i}", status="live") for i in range(JOURNEYS)]
        versions = [JourneyVersion.objects.create(journey=j, number=1, status="live",
                                                  graph={"schema": 1, "nodes": [], "edges": [], "settings": {}})
                    for j in journeys]
        stamp = int(time.time())
        Contact.objects.bulk_create([Contact(user_id=f"bench-logs-{stamp}-{i}", email=f"b{i}@example.com")
                                     for i in range(CONTACTS)], batch_size=5000)
        first_contact = Contact.objects.filter(user_id=f"bench-logs-{stamp}-0").values_list("id", flat=True).get()
    journey_ids = "ARRAY[" + ",".join(str(j.pk) for j in journeys) + "]"
    version_ids = "ARRAY[" + ",".join(str(v.pk) for v in versions) + "]"
    # ~11.5 days of history, one row a second; 1 % suppressed, 1 % capped, 0.5 % deferred, 1 % failed,
    # 0.5 % bounced, 10 % sent, the rest delivered. Channel and journey vary independently.
    status = """CASE WHEN g % 200 < 2 THEN 'suppressed' WHEN g % 200 < 4 THEN 'capped'
                     WHEN g % 200 = 4 THEN 'deferred' WHEN g % 200 < 7 THEN 'failed'
                     WHEN g % 200 = 7 THEN 'bounced' WHEN g % 200 < 28 THEN 'sent' ELSE 'delivered' END"""
    sql = f"""
        INSERT INTO channels_app_message (enrollment_id, journey_id, version_id, node, visit, contact_id, channel,
            template, address, status, reason, provider, provider_id, error_code, attempts, not_before,
            dispatched_at, content, created_at, updated_at, sent_at, read_at)
        SELECT NULL, ({journey_ids})[1 + g % {JOURNEYS}], ({version_ids})[1 + g % {JOURNEYS}], 'n' || (g % 5), 1,
            {first_contact} + g % {CONTACTS}, (ARRAY['sms','email','webhook','inapp'])[1 + (g / 7) % 4], '{BENCH_TEMPLATE}',
            'b' || (g % {CONTACTS}) || '@example.com', {status},
            CASE WHEN g % 200 < 2 THEN 'blacklisted' WHEN g % 200 < 4 THEN 'frequency cap' ELSE '' END,
            'sandbox', 'bench-' || g, '', 1, NULL, NULL, '{{}}'::jsonb,
            now() - ({rows} - g) * interval '1 second', now() - ({rows} - g) * interval '1 second', NULL, NULL
        FROM generate_series(1, {rows}) AS g
    """
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)  # no parameters: `%` is the modulo operator here
    inserted_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE channels_app_message")
    return {"journeys": [j.pk for j in journeys], "contact_prefix": f"bench-logs-{stamp}-", "insert_s": inserted_s}


def remove_leftovers() -> None:
    """What an interrupted earlier run left behind."""
    from journeys.models import Contact, Journey

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM channels_app_message WHERE template = %s", [BENCH_TEMPLATE])
    Contact.objects.filter(user_id__startswith="bench-logs-").delete()
    Journey.objects.filter(name__startswith="bench logs ").delete()


def remove(world: dict) -> None:
    from journeys.models import Contact, Journey

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM channels_app_message WHERE template = %s", [BENCH_TEMPLATE])
    Contact.objects.filter(user_id__startswith=world["contact_prefix"]).delete()
    Journey.objects.filter(pk__in=world["journeys"]).delete()
    with connection.cursor() as cursor:
        for table in ("channels_app_message", "journeys_contact", "journeys_journey", "journeys_journeyversion"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def queries(world: dict) -> list[tuple[str, str]]:
    j = world["journeys"][1]
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    return [
        ("newest page, no filter", "/api/v1/messages"),
        ("journey", f"/api/v1/messages?journey={j}"),
        ("journey + status=suppressed", f"/api/v1/messages?journey={j}&status=suppressed"),
        ("status=capped,deferred", "/api/v1/messages?status=capped,deferred"),
        ("channel=sms + status=failed", "/api/v1/messages?channel=sms&status=failed"),
        ("journey + node + version", f"/api/v1/messages?journey={j}&node=n3&version=1"),
        ("contact (userId)", f"/api/v1/messages?userId={world['contact_prefix']}123"),
        ("provider id", "/api/v1/messages?provider_id=bench-500001"),
        ("journey + one day", f"/api/v1/messages?journey={j}&since={day}&until={day}"),
        ("status=bounced, limit 500", "/api/v1/messages?status=bounced&limit=500"),
    ]


def run(stdout, rows: int = ROWS) -> dict:
    from django.conf import settings
    from django.test.utils import override_settings

    # The test client calls itself "testserver": let it in, for this section only.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        return _run(stdout, rows)


def _run(stdout, rows: int) -> dict:
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from core.roles import VIEWER, grant

    if connection.vendor != "postgresql":
        stdout.write("logs: skipped. A million-row delivery log is measured on PostgreSQL "
                     "(set DATABASE_URL); SQLite is the embedded, single-user mode.")
        return {"logs_skipped": "needs PostgreSQL"}

    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-logs", defaults={"is_staff": True})
    grant(user, VIEWER)  # a reading role: the API refuses users in no role
    client = APIClient()
    client.force_authenticate(user)

    stdout.write(f"logs: writing {rows:,} message rows (INSERT … SELECT generate_series) …")
    world = seed(rows)
    stdout.write(f"logs: {rows:,} rows in {world['insert_s']:.1f} s")
    figures: dict = {"logs_rows": rows, "logs_insert_s": round(world["insert_s"], 1), "logs_target_ms": TARGET_MS}
    try:
        worst_all, medians = 0.0, {}
        for label, url in queries(world):
            timings, count = [], 0
            for _ in range(REPEAT):
                begun = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, (url, response.status_code, response.content[:300])
                body = response.json()
                count = len(body["results"])
            # the next page too, through the cursor the API handed out
            if body.get("next"):
                begun = time.perf_counter()
                assert client.get(body["next"]).status_code == 200
                timings.append((time.perf_counter() - begun) * 1000)
            median, worst = statistics.median(timings), max(timings)
            worst_all = max(worst_all, worst)
            medians[label] = round(median, 1)
            mark = "ok" if worst < TARGET_MS else "OVER TARGET"
            stdout.write(f"  GET {url.split('/api/v1')[1]:<60} {count:>3} rows  median {median:6.1f} ms  "
                         f"worst {worst:6.1f} ms  [{mark}]")
        figures["logs_query_ms_median"] = medians
        figures["logs_query_ms_worst"] = round(worst_all, 1)
        stdout.write(f"logs: filtered pages over {rows:,} rows: worst {worst_all:.1f} ms (target < {TARGET_MS} ms)")

        # CSV of everything, streamed through the view; RSS sampled as it is consumed.
        begun = time.perf_counter()
        response = client.get("/api/v1/messages?format=csv")
        assert response.streaming
        rss_before = rss_mb()
        rss_warm = rss_peak = rss_before
        lines = size = 0
        for chunk in response.streaming_content:
            lines += 1
            size += len(chunk)
            if lines % 50_000 == 0:
                now_rss = rss_mb()
                rss_peak = max(rss_peak, now_rss)
                if lines == 100_000:
                    rss_warm = now_rss
        rss_peak = max(rss_peak, rss_mb())
        seconds = time.perf_counter() - begun
        rows_out = lines - 1
        figures.update({"logs_csv_rows": rows_out, "logs_csv_mb": round(size / 2**20, 1),
                        "logs_csv_s": round(seconds, 1), "logs_csv_rows_per_s": round(rows_out / seconds),
                        "logs_csv_rss_start_mb": round(rss_before, 1), "logs_csv_rss_after_100k_mb": round(rss_warm, 1),
                        "logs_csv_rss_peak_mb": round(rss_peak, 1),
                        "logs_csv_growth_after_100k_mb": round(rss_peak - rss_warm, 1)})
        stdout.write(f"logs: CSV export {rows_out:,} rows, {size / 2**20:,.0f} MB in {seconds:.1f} s "
                     f"({rows_out / seconds:,.0f} rows/s); RSS {rss_before:.0f} MB before, {rss_warm:.0f} MB after "
                     f"100,000 rows, peak {rss_peak:.0f} MB (growth over the remaining "
                     f"{max(rows_out - 100_000, 0):,} rows: {rss_peak - rss_warm:.1f} MB)")
    finally:
        remove(world)
        user.delete()
    return figures
