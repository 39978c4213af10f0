import factory
from django.contrib.auth import get_user_model

from channels_app.models import MessageTemplate
from journeys.models import Contact, Event, Journey, JourneyVersion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"marketer{n}")
    password = factory.django.Password("secret-pass")


def with_roles(user, *roles: str):
    """The user, in the given role groups (`marketer`, `approver`, `viewer`)."""
    from core.roles import grant

    grant(user, *roles)
    return user


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    user_id = factory.Sequence(lambda n: f"user-{n}")
    traits = factory.LazyAttribute(lambda c: {"email": f"{c.user_id}@example.com"})
    email = factory.LazyAttribute(lambda c: f"{c.user_id}@example.com")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    contact = factory.SubFactory(ContactFactory)
    name = "order_completed"
    properties = factory.LazyFunction(dict)
    timestamp = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").timezone.utc)


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Journey {n}")
    version = factory.RelatedFactory(
        "tests.factories.JourneyVersionFactory", factory_related_name="journey")


class JourneyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyVersion

    journey = factory.SubFactory(JourneyFactory, version=None)
    number = 1
    graph = factory.LazyFunction(lambda: {"schema": 1, "nodes": [], "edges": [], "settings": {}})


FIELDS_BY_CHANNEL = {
    "sms": {"body": "Hi {{ first_name }}"},
    "email": {"subject": "Hello", "body": "Text part", "html": "<p>Hello</p>"},
    "webhook": {"url": "https://hooks.example.com/in", "body": "{}"},
    "inapp": {"title": "Hello", "body": "In-app body"},
}


def template_for_channel(slug: str, channel: str) -> MessageTemplate:
    return MessageTemplate.objects.create(slug=slug, channel=channel, **FIELDS_BY_CHANNEL[channel])


# --- channels (delivery log, blacklist, caps) ----------------------------------------------

class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageTemplate
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"template-{n}")
    channel = "sms"
    body = "Hi {{ first_name }}"


class MessageFactory(factory.django.DjangoModelFactory):
    """A message as the runtime writes it: queued, address filled, content left for delivery to render."""

    class Meta:
        model = "channels_app.Message"

    contact = factory.SubFactory(ContactFactory, phone="+15550001111", traits={"first_name": "Ada"})
    channel = "sms"
    template = factory.LazyAttribute(lambda m: MessageTemplateFactory(
        slug=f"hello-{m.channel}", channel=m.channel, **FIELDS_BY_CHANNEL_FOR_FACTORY[m.channel]).slug)
    address = factory.LazyAttribute(lambda m: {
        "sms": m.contact.phone, "email": m.contact.email, "webhook": "", "inapp": m.contact.user_id}[m.channel])
    status = "queued"


FIELDS_BY_CHANNEL_FOR_FACTORY = {
    "sms": {"body": "Hi {{ first_name }}"},
    "email": {"subject": "Hello {{ first_name }}", "body": "Hi {{ first_name }}", "html": "<p>Hi {{ first_name }}</p>"},
    "webhook": {"url": "https://hooks.example.com/in", "body": '{"user": {{ user_id|tojson }}}'},
    "inapp": {"title": "Hello {{ first_name }}", "body": "You have a new offer", "link": "https://example.com/offer"},
}


class SuppressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "channels_app.Suppression"

    channel = "sms"
    address = factory.Sequence(lambda n: f"+1555000{n:04d}")
    reason = "test"


class FrequencyCapRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "channels_app.FrequencyCapRule"

    channel = "all"
    limit = 3
    window_seconds = 86400
