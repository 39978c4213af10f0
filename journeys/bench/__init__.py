"""The pieces of `manage.py journeys_bench`: one module per measured phase."""
