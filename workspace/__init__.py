"""The workspace: its write keys (SDK credentials) and the audit log of role-protected settings writes.

Like `core`, it imports neither `journeys` nor `channels_app`: both call its services to record audits.
"""
