"""Checks of a journey's `settings` (design section 3): re-entry, goal, quiet hours, caps.

All keys are optional; `settings_errors` returns one message per problem, and
validation.py reports each as a journey-level `bad_settings` finding.
"""

from __future__ import annotations

from typing import Any

from .condition_checks import property_condition_errors
from .fields import describe, is_hhmm, is_non_empty_str, is_non_negative_int, is_positive_int

REENTRY_MODES = ("never", "after_exit")
# transactional: a journey of receipts and the like, never held out as the global control group (design §11).
SETTINGS_KEYS = ("reentry", "reentry_cooldown_seconds", "goal", "quiet_hours", "exempt_from_caps", "transactional")
GOAL_KEYS = ("event", "where", "within_seconds", "exit")
QUIET_HOURS_KEYS = ("start", "end")


def settings_errors(settings: Any) -> list[str]:
    """Messages for every problem in a journey's `settings` (all keys optional)."""
    if not isinstance(settings, dict):
        return [f"settings must be an object, not {describe(settings)}"]
    errors = [
        f"settings: unknown key {key!r}; expected {', '.join(SETTINGS_KEYS)}" for key in settings if key not in SETTINGS_KEYS
    ]
    if "reentry" in settings and settings["reentry"] not in REENTRY_MODES:
        errors.append(f"settings.reentry must be one of {', '.join(REENTRY_MODES)}, not {describe(settings['reentry'])}")
    if "reentry_cooldown_seconds" in settings and not is_non_negative_int(settings["reentry_cooldown_seconds"]):
        errors.append(
            "settings.reentry_cooldown_seconds must be a non-negative integer, "
            f"not {describe(settings['reentry_cooldown_seconds'])}"
        )
    if "goal" in settings:
        errors.extend(_goal_errors(settings["goal"]))
    if "quiet_hours" in settings:
        errors.extend(_quiet_hours_errors(settings["quiet_hours"]))
    if "exempt_from_caps" in settings and not isinstance(settings["exempt_from_caps"], bool):
        errors.append(f"settings.exempt_from_caps must be true or false, not {describe(settings['exempt_from_caps'])}")
    if "transactional" in settings and not isinstance(settings["transactional"], bool):
        errors.append(f"settings.transactional must be true or false, not {describe(settings['transactional'])}")
    return errors


def _goal_errors(goal: Any) -> list[str]:
    if not isinstance(goal, dict):
        return [f'settings.goal must be an object {{"event", "where"?, "within_seconds", "exit"}}, not {describe(goal)}']
    errors = [f"settings.goal: unknown key {key!r}; expected {', '.join(GOAL_KEYS)}" for key in goal if key not in GOAL_KEYS]
    if not is_non_empty_str(goal.get("event")):
        errors.append(f"settings.goal.event must be a non-empty event name, not {describe(goal.get('event'))}")
    if "where" in goal:
        errors.extend(f"{path}: {message}" for path, message in property_condition_errors(goal["where"], "settings.goal.where"))
    if not is_positive_int(goal.get("within_seconds")):
        errors.append(f"settings.goal.within_seconds must be a positive integer, not {describe(goal.get('within_seconds'))}")
    if not isinstance(goal.get("exit"), bool):
        errors.append(f"settings.goal.exit must be true or false, not {describe(goal.get('exit'))}")
    return errors


def _quiet_hours_errors(quiet: Any) -> list[str]:
    if not isinstance(quiet, dict):
        return [f'settings.quiet_hours must be an object {{"start": "HH:MM", "end": "HH:MM"}}, not {describe(quiet)}']
    errors = [
        f"settings.quiet_hours: unknown key {key!r}; expected start, end" for key in quiet if key not in QUIET_HOURS_KEYS
    ]
    for key in QUIET_HOURS_KEYS:
        if not is_hhmm(quiet.get(key)):
            errors.append(f'settings.quiet_hours.{key} must be a time of day "HH:MM", not {describe(quiet.get(key))}')
    if not errors and quiet["start"] == quiet["end"]:
        errors.append("settings.quiet_hours start and end are the same time; leave quiet_hours out for none")
    return errors
