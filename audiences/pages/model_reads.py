"""The RFM and lifecycle figures the pages show (audiences/selectors/rfm.py and lifecycle.py), in the
shapes the templates use, with the model's configuration beside them."""
from __future__ import annotations

from audiences.models import LifecycleConfig, RfmConfig
from audiences.selectors import lifecycle as lifecycle_selectors
from audiences.selectors import rfm as rfm_selectors


def rfm_overview() -> dict:
    config = RfmConfig.current()
    grid = rfm_selectors.grid()
    return {
        "grid": grid, "cells": {(cell["r"], cell["f"]): cell for cell in grid},
        "segments": rfm_selectors.segments(), "scored": sum(cell["contacts"] for cell in grid),
        "config": {"event": config.event, "amount_property": config.amount_property,
                   "within_days": config.within_days, "thresholds": config.thresholds},
    }


def lifecycle_overview() -> dict:
    config = LifecycleConfig.current()
    summary = lifecycle_selectors.summary()
    return {
        "stages": [{"stage": stage, "contacts": n} for stage, n in summary["stages"].items()],
        "moves": summary["moves"],
        "config": {"active_events": config.active_events, "new_days": config.new_days,
                   "active_days": config.active_days, "churn_days": config.churn_days},
    }
