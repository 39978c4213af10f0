"""The audience pages (design section 9) as each role sees them: segments with trends, the segment
editor's boot data, RFM and lifecycle, and `/contacts/` search with viewers' addresses masked."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from audiences.models import ComputedValue, Segment, SegmentMembership, SegmentSizeHistory
from core import clock
from tests.factories import ContactFactory, UserFactory, with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def browser(role: str) -> Client:
    client = Client()
    client.force_login(with_roles(UserFactory(username=f"pages-{role}"), role))
    return client


@pytest.fixture
def marketer():
    return browser("marketer")


@pytest.fixture
def viewer():
    return browser("viewer")


def boot_of(response) -> dict:
    match = re.search(r'<script id="segment-editor-boot" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert match, "the editor page embeds its boot data"
    return json.loads(match.group(1))


def test_pages_carry_no_inline_script(marketer):
    for url in ("/audiences/", "/audiences/new", "/audiences/rfm", "/audiences/lifecycle", "/contacts/"):
        html = marketer.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


# --- /audiences/ ------------------------------------------------------------------------------------

def test_segment_list_without_segments_explains_and_offers_the_editor_to_marketers(marketer, viewer):
    page = marketer.get("/audiences/").content.decode()
    assert 'data-testid="segments-empty"' in page and "Build your first segment" in page
    page = viewer.get("/audiences/").content.decode()
    assert 'data-testid="segments-empty"' in page and "Build your first segment" not in page
    assert "Marketers create segments" in page


def test_segment_list_shows_size_and_a_trend_from_the_daily_history(marketer):
    # given a segment of three members that grew from one over three days
    segment = Segment.objects.create(key="buyers", name="Buyers", size=3,
                                     condition={"attr": "plan", "op": "eq", "value": "pro"})
    for n in range(3):
        SegmentMembership.objects.create(segment=segment, contact=ContactFactory(), entered_at=clock.now())
    today = clock.now().date()
    for days_ago, size in ((2, 1), (1, 2), (0, 3)):
        SegmentSizeHistory.objects.create(segment=segment, date=today - timedelta(days=days_ago), size=size)
    # when the list is shown
    page = marketer.get("/audiences/").content.decode()
    # then it has the size, a sparkline and the change over the period
    row = page[page.index('data-segment="buyers"'):]
    assert ">3</a>" in row and "<polyline points=" in row and "+2" in row
    assert 'href="/audiences/buyers/"' in row and 'href="/contacts/?segment=buyers"' in row


def test_a_segment_without_history_says_when_its_trend_appears(marketer):
    Segment.objects.create(key="fresh", name="Fresh", condition={"attr": "plan", "op": "exists"})
    assert "trend after the second daily count" in marketer.get("/audiences/").content.decode()


# --- the segment editor --------------------------------------------------------------------------------

def test_new_segment_page_boots_the_editor_editable_for_marketers_only(marketer, viewer):
    response = marketer.get("/audiences/new")
    assert response.status_code == 200 and "editor/dist/audiences.js" in response.content.decode()
    boot = boot_of(response)
    assert (boot["segment"], boot["can_edit"], boot["links"]) == (None, True, {"list": "/audiences/", "contacts": None, "csv": None})
    assert boot_of(viewer.get("/audiences/new"))["can_edit"] is False


def test_segment_page_boots_with_the_saved_segment(marketer):
    condition = {"all": [{"attr": "plan", "op": "eq", "value": "pro"}]}
    pros = Segment.objects.create(key="pros", name="Pros", description="paying", condition=condition)
    SegmentMembership.objects.create(segment=pros, contact=ContactFactory(), entered_at=clock.now())
    boot = boot_of(marketer.get("/audiences/pros/"))
    assert boot["segment"]["key"] == "pros" and boot["segment"]["condition"] == condition
    assert boot["segment"]["size"] == 1 and boot["links"]["contacts"] == "/contacts/?segment=pros"


def test_an_unknown_segment_is_404(marketer):
    assert marketer.get("/audiences/nope/").status_code == 404


# --- RFM and lifecycle -----------------------------------------------------------------------------------

def test_rfm_without_scores_explains_where_they_come_from(viewer):
    page = viewer.get("/audiences/rfm").content.decode()
    assert 'data-testid="rfm-empty"' in page and "order_completed" in page


def test_rfm_heatmap_counts_contacts_per_cell_and_links_cells_and_segments_to_their_contacts(viewer):
    # given two contacts scored 5-5-4 and one 1-2-1
    scored = (("a", "554", "important_value", 300), ("b", "554", "important_value", 100),
              ("c", "121", "general_recovery", 10))
    for user_id, score, segment, monetary in scored:
        contact = ContactFactory(user_id=user_id)
        ComputedValue.objects.create(contact=contact, key="rfm_score", value=score, state={"monetary": monetary})
        ComputedValue.objects.create(contact=contact, key="rfm_segment", value=segment)
    # when the page is shown
    page = viewer.get("/audiences/rfm").content.decode()
    # then the R5 × F5 cell holds both, with their average monetary value, and links to them
    cell = page[page.index('data-r="5" data-f="5"'):]
    cell = cell[:cell.index("</td>")]
    assert '<span class="n">2</span>' in cell and "avg 200.00" in cell
    assert "/contacts/?computed=rfm_r%3A5&amp;computed=rfm_f%3A5" in cell
    # and the eight segments are listed, each linking to its contacts
    segments = page[page.index('data-testid="rfm-segments"'):]
    assert segments.count("<tr data-segment=") == 8
    assert "/contacts/?computed=rfm_segment%3Aimportant_value" in segments


def test_lifecycle_without_stages_is_an_empty_state(viewer):
    assert 'data-testid="lifecycle-empty"' in viewer.get("/audiences/lifecycle").content.decode()


def test_lifecycle_shows_the_stage_mix(viewer):
    for user_id, stage in (("a", "active"), ("b", "active"), ("c", "silent")):
        ComputedValue.objects.create(contact=ContactFactory(user_id=user_id), key="lifecycle_stage", value=stage)
    page = viewer.get("/audiences/lifecycle").content.decode()
    active = page[page.index('data-stage="active"'):]
    assert "2 <span" in active[:600] and "66.7%" in active[:600]
    assert "/contacts/?computed=lifecycle_stage%3Asilent" in page


# --- /contacts/ --------------------------------------------------------------------------------------------

def user_ids(page: str) -> list[str]:
    return re.findall(r'<tr data-user-id="([^"]+)">', page)


def test_contact_search_without_contacts_says_how_they_arrive(viewer):
    page = viewer.get("/contacts/").content.decode()
    assert 'data-testid="contacts-empty"' in page and "/api/v1/identify" in page


def test_contact_search_by_user_id_email_phone_and_trait(marketer):
    ContactFactory(user_id="ada-1", email="ada@example.com", phone="+15550100111", traits={"plan": "pro", "age": 36})
    ContactFactory(user_id="bob-1", email="bob@example.com", traits={"plan": "free", "age": 40})
    assert user_ids(marketer.get("/contacts/?q=ada").content.decode()) == ["ada-1"]
    assert user_ids(marketer.get("/contacts/?q=BOB@example.com").content.decode()) == ["bob-1"]
    assert user_ids(marketer.get("/contacts/", {"q": "+1 555 0100 111"}).content.decode()) == ["ada-1"]
    assert user_ids(marketer.get("/contacts/?trait=plan:free").content.decode()) == ["bob-1"]
    assert user_ids(marketer.get("/contacts/?trait=age:36").content.decode()) == ["ada-1"]
    assert 'data-testid="contacts-empty"' in marketer.get("/contacts/?q=nobody").content.decode()


def test_contact_search_by_computed_trait_and_segment(marketer):
    ada, bob = ContactFactory(user_id="ada-2"), ContactFactory(user_id="bob-2")
    ComputedValue.objects.create(contact=ada, key="rfm_segment", value="important_value")
    ComputedValue.objects.create(contact=ada, key="rfm_r", value=5)
    ComputedValue.objects.create(contact=bob, key="rfm_r", value=5)
    segment = Segment.objects.create(key="vip", name="VIP", kind="static")
    SegmentMembership.objects.create(segment=segment, contact=bob, entered_at=clock.now())
    SegmentMembership.objects.create(segment=segment, contact=ada, entered_at=clock.now(), exited_at=clock.now())
    assert user_ids(marketer.get("/contacts/?computed=rfm_segment:important_value").content.decode()) == ["ada-2"]
    both = marketer.get("/contacts/?computed=rfm_r:5&computed=rfm_segment:important_value").content.decode()
    assert user_ids(both) == ["ada-2"]
    assert user_ids(marketer.get("/contacts/?computed=rfm_r:5").content.decode()) == ["bob-2", "ada-2"]
    assert user_ids(marketer.get("/contacts/?segment=vip").content.decode()) == ["bob-2"]  # ada left


def test_a_malformed_filter_is_named_not_a_server_error(marketer):
    response = marketer.get("/contacts/?trait=plan__contains")
    assert response.status_code == 200 and "trait: write it as key:value" in response.content.decode()


def test_contact_search_pages_by_keyset(marketer):
    for n in range(55):
        ContactFactory(user_id=f"page-{n:02d}")
    first = marketer.get("/contacts/?q=page-").content.decode()
    assert len(user_ids(first)) == 50 and user_ids(first)[0] == "page-54"
    next_url = re.search(r'href="(\?[^"]+)" data-testid="next-page"', first).group(1).replace("&amp;", "&")
    second = marketer.get("/contacts/" + next_url).content.decode()
    assert user_ids(second) == [f"page-{n:02d}" for n in range(4, -1, -1)] and "next-page" not in second


def test_viewers_see_contact_addresses_masked(viewer, marketer):
    ContactFactory(user_id="masked-1", email="grace@example.com", phone="+15550109999",
                   traits={"email": "grace@example.com", "work_email": "g@corp.example", "plan": "pro"})
    shown = viewer.get("/contacts/?q=masked").content.decode()
    assert "masked-1" in shown and "plan=pro" in shown
    for address in ("grace@example.com", "+15550109999", "g@corp.example"):
        assert address not in shown
    assert "grace@example.com" in marketer.get("/contacts/?q=masked").content.decode()
