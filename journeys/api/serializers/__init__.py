"""Input and output serializers of the journeys API, one module per views module. No business logic: services own that.

Views render through the output serializers, so what they return is what the OpenAPI
schema (drf-spectacular) describes.
"""
