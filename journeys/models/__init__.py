from journeys.models.contact import Contact, Event
from journeys.models.journey import Journey, JourneyVersion

__all__ = ["Contact", "Event", "Journey", "JourneyVersion"]
