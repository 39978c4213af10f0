"""What both apps share and neither owns: clock, errors, set-based SQL, pagination, masking, roles, live publish.

`core` imports neither `journeys` nor `channels_app`; both import it.
"""
