"""Reads about the demo workspace (journeys/services/demo.py)."""
from __future__ import annotations

from django.contrib.auth import get_user_model

from journeys.services.demo import DEFAULT_DEMO_PASSWORD, DEMO_APPROVER, DEMO_USER


def demo_users_with_default_password() -> list[str]:
    """Demo users anyone could log in as: they still have the password printed in the README."""
    users = get_user_model().objects.filter(username__in=(DEMO_USER, DEMO_APPROVER), is_active=True)
    return sorted(user.username for user in users if user.check_password(DEFAULT_DEMO_PASSWORD))
