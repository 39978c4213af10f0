"""In-app beyond our own pages (design §8): INAPP_ALLOWED_ORIGINS for the socket and CORS, native apps, safe links.

Sockets go through the whole ASGI application (journeys.asgi), where the origin rules live.
"""
import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from channels_app import inapp
from channels_app.models import MessageTemplate
from channels_app.templating.rendering import render_template, template_context
from tests.factories import ContactFactory, MessageFactory, UserFactory, with_roles

WAIT = 5
SHOP = "https://shop.example.com"


@pytest.fixture
def ada(db):
    return ContactFactory(user_id="ada", traits={"first_name": "Ada"})


def open_inbox(token: str, origin: str | None, path: str = "/ws/inapp/"):
    """(accepted, first frame or close code) of a socket opened from `origin` (None: a native app)."""
    from journeys.asgi import application

    headers = [(b"host", b"testserver")] + ([(b"origin", origin.encode())] if origin else [])

    async def scenario():
        communicator = WebsocketCommunicator(application, f"{path}?token={token}", headers=headers)
        accepted, _ = await communicator.connect(timeout=WAIT)
        if not accepted:
            return False, None
        frame = await communicator.receive_output(timeout=WAIT)
        await communicator.disconnect()
        return True, frame

    return async_to_sync(scenario)()


def first_frame_type(frame) -> str | None:
    import json

    return json.loads(frame["text"])["type"] if frame.get("type") == "websocket.send" else None


# --- the websocket ---------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_customer_site_listed_in_inapp_allowed_origins_opens_the_inbox(ada, settings):
    # given the customer's shop is allowed
    settings.INAPP_ALLOWED_ORIGINS = [SHOP]
    # when its page opens the contact's inbox with a token
    accepted, frame = open_inbox(inapp.issue_token("ada").token, SHOP)
    # then the socket is accepted and the inbox arrives
    assert accepted and first_frame_type(frame) == "inbox"


@pytest.mark.django_db(transaction=True)
def test_a_site_not_listed_is_refused_at_the_handshake(ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = [SHOP]
    accepted, _ = open_inbox(inapp.issue_token("ada").token, "https://evil.example.net")
    assert not accepted


@pytest.mark.django_db(transaction=True)
def test_a_star_lets_any_site_in_because_the_token_is_the_credential(ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = ["*"]
    accepted, frame = open_inbox(inapp.issue_token("ada").token, "https://anywhere.example.org")
    assert accepted and first_frame_type(frame) == "inbox"


@pytest.mark.django_db(transaction=True)
def test_a_native_app_without_an_origin_connects_with_a_valid_token(ada, settings):
    # given no site is allowed at all
    settings.INAPP_ALLOWED_ORIGINS = []
    # when an app that sends no Origin connects with the contact's token
    accepted, frame = open_inbox(inapp.issue_token("ada").token, None)
    # then it gets the inbox
    assert accepted and first_frame_type(frame) == "inbox"


@pytest.mark.django_db(transaction=True)
def test_a_native_app_without_a_valid_token_gets_nothing(ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = []
    accepted, frame = open_inbox("forged", None)
    assert not accepted or frame == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
def test_our_own_pages_still_open_the_inbox(ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = []
    accepted, frame = open_inbox(inapp.issue_token("ada").token, "http://testserver")
    assert accepted and first_frame_type(frame) == "inbox"


@pytest.mark.django_db(transaction=True)
def test_staff_sockets_stay_closed_to_customer_sites(ada, settings):
    # given the shop may use the in-app channel
    settings.INAPP_ALLOWED_ORIGINS = ["*"]
    # when a page on it tries the approvals socket
    accepted, _ = open_inbox("", SHOP, path="/ws/approvals/")
    # then the handshake is refused: staff sockets take only our own origin
    assert not accepted


# --- CORS on the inbox endpoints -------------------------------------------------------------------

@pytest.mark.django_db
def test_the_inbox_answers_a_preflight_from_an_allowed_origin(client, ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = [SHOP]
    response = client.options("/api/v1/contacts/ada/inapp/read", HTTP_ORIGIN=SHOP,
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, x-inapp-token")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert {"content-type", "x-inapp-token"} <= {h.strip().lower() for h in
                                                response["Access-Control-Allow-Headers"].split(",")}


@pytest.mark.django_db
def test_an_allowed_origin_reads_the_inbox_with_the_contacts_token(client, ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = [SHOP]
    MessageFactory(contact=ada, channel="inapp", status="sent", content={"title": "Hi", "body": "b", "link": ""})
    response = client.get("/api/v1/contacts/ada/inapp", HTTP_ORIGIN=SHOP,
                          HTTP_X_INAPP_TOKEN=inapp.issue_token("ada").token)
    assert response.status_code == 200 and len(response.json()["results"]) == 1
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in response["Vary"]


@pytest.mark.django_db
def test_an_origin_not_listed_gets_no_cors_permission(client, ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = [SHOP]
    preflight = client.options("/api/v1/contacts/ada/inapp", HTTP_ORIGIN="https://evil.example.net",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    read = client.get("/api/v1/contacts/ada/inapp", HTTP_ORIGIN="https://evil.example.net",
                      HTTP_X_INAPP_TOKEN=inapp.issue_token("ada").token)
    assert "Access-Control-Allow-Origin" not in preflight and "Access-Control-Allow-Origin" not in read


@pytest.mark.django_db
def test_a_refused_request_from_an_allowed_origin_is_readable_as_an_error(client, ada, settings):
    settings.INAPP_ALLOWED_ORIGINS = [SHOP]
    response = client.get("/api/v1/contacts/ada/inapp?token=forged", HTTP_ORIGIN=SHOP)
    assert response.status_code in (401, 403) and response["Access-Control-Allow-Origin"] == SHOP


# --- links -----------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("link", ["javascript:alert(document.cookie)", " JavaScript:alert(1)",
                                  "data:text/html,<script>alert(1)</script>", "/relative/path", "//evil.example.net"])
def test_an_inapp_template_with_a_link_that_is_not_http_is_refused_naming_link(api, link):
    response = api.post("/api/v1/templates", {"slug": "nudge", "channel": "inapp", "title": "Hi", "link": link},
                        format="json")
    assert response.status_code == 400
    assert response.json().get("field") == "link"
    assert not MessageTemplate.objects.filter(slug="nudge").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["https://example.com/offer", "http://example.com", "{{ traits.deep_link }}"])
def test_http_links_and_variables_are_accepted_at_save(api, link):
    response = api.post("/api/v1/templates", {"slug": "nudge", "channel": "inapp", "title": "Hi", "link": link},
                        format="json")
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_a_link_that_renders_to_javascript_is_dropped(ada):
    # given a template whose link comes from a trait
    template = MessageTemplate(slug="nudge", channel="inapp", title="Hi", link="{{ deep_link }}")

    def rendered_link(value: str) -> str:
        context = template_context(traits={"deep_link": value}, user_id="ada")
        return render_template(template, context)["link"]

    # when the trait is a script URL, then the message carries no link; an http(s) one is kept
    assert rendered_link("javascript:alert(1)") == ""
    assert rendered_link("https://example.com/lesson") == "https://example.com/lesson"


@pytest.mark.django_db
def test_a_stored_message_with_an_unsafe_link_reaches_no_client(ada):
    message = MessageFactory(contact=ada, channel="inapp", status="sent",
                             content={"title": "Old", "body": "b", "link": "javascript:alert(1)"})
    assert inapp.message_payload(message)["link"] == ""


# --- the demo page ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_inapp_demo_page_is_for_staff_only(client):
    marketer = with_roles(UserFactory(), "marketer")
    client.force_login(marketer)
    assert client.get("/inapp/demo/?userId=ada").status_code == 403
    marketer.is_staff = True
    marketer.save(update_fields=["is_staff"])
    assert client.get("/inapp/demo/?userId=ada").status_code == 200
