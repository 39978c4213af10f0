"""`split`: A/B (or A/B/n) test; one port per variant key.

``{"variants": [{"key": "A", "weight": 50}, {"key": "control", "weight": 10}, ...]}``;
weights are percentages and must sum to 100. A holdout is a variant wired to `exit`.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from ..decisions import Decision, follow
from ..fields import describe, format_number, is_non_empty_str, is_number
from .base import ConfigErrors, NodeType

WEIGHT_NOT_POSITIVE = "split_weight_not_positive"
WEIGHTS_SUM = "split_weights_sum"
WEIGHT_TOTAL = 100


class SplitNode(NodeType):
    type_name = "split"
    config_keys = ("variants",)

    def ports(self, config: dict[str, Any]) -> list[str]:
        keys: list[str] = []
        variants = config.get("variants") if isinstance(config, dict) else None
        if isinstance(variants, list):
            for variant in variants:
                key = variant.get("key") if isinstance(variant, dict) else None
                if isinstance(key, str) and key and key not in keys:
                    keys.append(key)
        return keys

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        if "variants" not in config:
            return [self.bad("variants is required")]
        variants = config["variants"]
        if not isinstance(variants, list) or not variants:
            return [self.bad("variants must be a non-empty list of {key, weight}")]
        errors: ConfigErrors = []
        seen: set[str] = set()
        weights: list[float] = []
        for i, variant in enumerate(variants):
            where = f"variants[{i}]"
            if not isinstance(variant, dict):
                errors.append(self.bad(f"{where} must be an object {{key, weight}}, not {describe(variant)}"))
                continue
            for extra in variant.keys() - {"key", "weight"}:
                errors.append(self.bad(f"{where}: unknown key {extra!r}; expected key, weight"))
            key = variant.get("key")
            if not is_non_empty_str(key):
                errors.append(self.bad(f"{where}.key must be a non-empty string, not {describe(key)}"))
            elif key in seen:
                errors.append(self.bad(f"duplicate variant key {key!r}"))
            else:
                seen.add(key)
            weight = variant.get("weight")
            if not is_number(weight):
                errors.append(self.bad(f"{where}.weight must be a number, not {describe(weight)}"))
                continue
            weights.append(weight)
            if weight <= 0:
                label = f"variant {key!r}" if isinstance(key, str) else where
                message = f"split {label} has weight {format_number(weight)}; weights must be positive"
                errors.append((WEIGHT_NOT_POSITIVE, message))
        if len(weights) == len(variants):
            total = math.fsum(weights)
            if not math.isclose(total, WEIGHT_TOTAL, abs_tol=1e-9):
                errors.append((WEIGHTS_SUM, f"split weights sum to {format_number(total)}, not {WEIGHT_TOTAL}"))
        return errors

    def decide(self, config, visit, ctx, now) -> Decision:
        key = assign_variant(config["variants"], visit.contact_key, visit.journey_key, visit.node_id)
        return follow(key, variant=key)


def assign_variant(variants: list[dict], contact_key: str, journey_key: str, node_id: str) -> str:
    """Deterministic weighted choice: the same contact always lands in the same variant.

    A SHA-1 of (contact, journey, node) spread uniformly over [0, 100) picks the
    variant whose cumulative weight band contains it.
    """
    digest = hashlib.sha1(f"{contact_key}:{journey_key}:{node_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64 * WEIGHT_TOTAL
    cumulative = 0.0
    for variant in variants:
        cumulative += variant["weight"]
        if point < cumulative:
            return variant["key"]
    return variants[-1]["key"]
