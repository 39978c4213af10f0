"""Workspace writes, each in one transaction: write keys (keys.py) and audit records (audit.py)."""
