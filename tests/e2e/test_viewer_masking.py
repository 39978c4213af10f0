"""A viewer, in Chromium, reads a contact's pages and downloads the exports: no address of it shows anywhere.

The contact (tests/masking_seed.py) holds addresses as email, work_email, mobile and billing.email,
in an order event, and in a sent email whose text and HTML carry the unsubscribe link.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.masking_seed import seed_contact_with_addresses, unmasked_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def viewer(transactional_db):
    from tests.factories import UserFactory, with_roles

    return with_roles(UserFactory(username="viewer"), "viewer")


def download_text(page, name: str) -> str:
    with page.expect_download() as download_info:
        page.click('[data-testid="csv-download"]')
    download = download_info.value
    assert download.suggested_filename == name
    with open(download.path(), encoding="utf-8") as exported:
        return exported.read()


def test_a_viewers_pages_and_downloads_show_no_address_of_the_contact(live_server, page, viewer, screenshot):
    # Given a contact whose data is full of addresses, and a sent email with its unsubscribe link
    seeded = seed_contact_with_addresses()
    base = live_server.url

    # When a viewer opens the contact's timeline
    log_in(page, base, viewer, "/contacts/p9")

    # Then the traits are there, masked, and no address is in the page (hidden parts included)
    traits = page.locator('[data-testid="traits"]')
    expect(traits).to_contain_text("p***@corp.example")
    expect(traits).to_contain_text("+4*******0999")
    expect(page.locator('[data-testid="timeline"]')).to_contain_text("order_completed")
    assert unmasked_in(page.content(), seeded) == []
    screenshot(page, "viewer-contact-masked")

    # And the delivery log shows the email, its rendered text masked, the unsubscribe link's token gone
    page.goto(f"{base}/messages/?userId=p9")
    row = page.locator(f'tr[data-id="{seeded.message.pk}"]')
    expect(row).to_contain_text("p***@example.com")
    row.locator("summary").click()
    expect(row.locator("pre.json")).to_contain_text("/unsubscribe/***")
    assert unmasked_in(page.content(), seeded) == []
    assert unmasked_in(download_text(page, "messages.csv"), seeded) == []

    # And the conversion log shows the order, its properties masked
    page.goto(f"{base}/conversions/?userId=p9")
    expect(page.locator("tr[data-id]")).to_contain_text("p***@example.com")
    assert unmasked_in(page.content(), seeded) == []
    assert unmasked_in(download_text(page, "conversions.csv"), seeded) == []

    # And the blacklist export, downloaded with the same session, is masked too
    blacklist = page.request.get(f"{base}/api/v1/suppressions?format=csv")
    assert blacklist.ok and "p***@example.com" in blacklist.text()
    assert unmasked_in(blacklist.text(), seeded) == []
