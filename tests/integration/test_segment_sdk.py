"""The official Segment Python SDK, pointed at http://HOST/api, works unchanged (gzip on)."""
import pytest
from segment.analytics.client import Client
from segment.analytics.request import APIError

from journeys.models import Contact, Event


@pytest.fixture
def write_key(transactional_db):
    """A write key from /settings/keys, as the README tells SDK users to configure."""
    from workspace.services.keys import write_key_create

    return write_key_create(name="Segment SDK", user=None).key


def test_segment_sdk_identify_track_and_anonymous_track_all_arrive(live_server, write_key):
    # given the official client, as an app would configure it
    errors = []
    client = Client(write_key=write_key, host=f"{live_server.url}/api", gzip=True, sync_mode=True,
                    on_error=lambda error, batch: errors.append(error), max_retries=0)
    # when
    client.identify("sdk-user", {"email": "sdk@example.com", "plan": "pro"})
    client.track("sdk-user", "signed_up", {"source": "ads"})
    client.track("sdk-user", "order_completed", {"total": 42.5}, message_id="order-1")
    client.track("sdk-user", "order_completed", {"total": 42.5}, message_id="order-1")  # SDK retry: same messageId
    client.track(anonymous_id="visitor-9", event="viewed_pricing")
    client.flush()
    # then
    assert errors == []
    contact = Contact.objects.get(user_id="sdk-user")
    assert contact.email == "sdk@example.com" and contact.traits["plan"] == "pro"
    assert sorted(contact.events.values_list("name", flat=True)) == ["order_completed", "signed_up"]
    assert contact.events.get(name="order_completed").properties == {"total": 42.5}
    assert Event.objects.get(contact__anonymous_id="visitor-9").name == "viewed_pricing"


def test_segment_sdk_with_a_wrong_write_key_is_refused(live_server, write_key):
    client = Client(write_key="not-a-key", host=f"{live_server.url}/api", gzip=True, sync_mode=True, max_retries=0)
    with pytest.raises(APIError) as refused:
        client.track("sdk-user", "signed_up")
    assert refused.value.status == 401
    assert not Event.objects.exists()
