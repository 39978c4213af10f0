"""Address traits (email, phone, timezone) reach the Contact columns by one rule, whoever sets them.

An identify call and an `update` node both write through journeys.services.contact_rows: None and ""
clear the column; any other value is stored as its text, so 0 and False become "0" and "False".
The traits themselves keep the value as given.
"""
import json

import pytest

from journeys.models import Contact
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db

ADDRESSES = ("email", "phone", "timezone")
BEFORE = {"email": "ada@example.com", "phone": "+15555550100", "timezone": "Europe/Paris"}


@pytest.mark.parametrize(("value", "column"), [(0, "0"), (False, "False"), ("", ""), (None, "")])
def test_an_identify_call_and_an_update_node_store_an_address_trait_alike(runner, value, column):
    # given a journey whose update node sets every address trait to `value`, and two contacts with addresses
    live_journey(chain(("t", "trigger", {"event": "go"}),
                       ("u", "update", {"set": {name: value for name in ADDRESSES}}),
                       ("x", "exit", {})))
    runner.identify("by-identify", **BEFORE)
    runner.identify("by-node", **BEFORE)
    # when one gets `value` from an identify call and the other from the update node
    runner.identify("by-identify", **{name: value for name in ADDRESSES})
    runner.track("by-node", "go")
    # then both contacts hold the same columns and the same traits
    identified, updated = Contact.objects.get(user_id="by-identify"), Contact.objects.get(user_id="by-node")
    for name in ADDRESSES:
        assert getattr(identified, name) == getattr(updated, name) == column, name
    assert json.dumps(identified.traits, sort_keys=True) == json.dumps(updated.traits, sort_keys=True)
    assert json.dumps([identified.traits[name] for name in ADDRESSES]) == json.dumps([value] * 3)
