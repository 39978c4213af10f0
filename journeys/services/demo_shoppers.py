"""The demo's shoppers: a few hundred contacts with a year of orders and app opens, generated from a fixed
seed so every `make run` shows the same workspace. Pure: times relative to `now`, no database."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

SHOPPERS = 300
SEED = 20261129
FIRST_NAMES = ("Ada", "Grace", "Linus", "Mei", "Noor", "Omar", "Priya", "Rosa", "Sven", "Tomás", "Yuki", "Zara")
CITIES = ("London", "Berlin", "Lisbon", "Shanghai", "Austin", "Toronto")
CATEGORIES = ("shoes", "bags", "coats", "beauty", "home")
# (persona, share, days since the last activity (low, high), orders per year (low, high))
PERSONAS = (
    ("loyal", 0.25, (0, 12), (8, 24)),
    ("regular", 0.25, (3, 28), (3, 8)),
    ("new", 0.10, (0, 5), (0, 1)),
    ("silent", 0.20, (32, 85), (2, 6)),
    ("churned", 0.20, (95, 330), (1, 4)),
)


@dataclass
class Shopper:
    user_id: str
    traits: dict
    events: list[tuple[str, dict, datetime]] = field(default_factory=list)


def _persona(rng: random.Random):
    pick, total = rng.random(), 0.0
    for persona in PERSONAS:
        total += persona[1]
        if pick < total:
            return persona
    return PERSONAS[-1]


def _shopper(number: int, rng: random.Random, now: datetime) -> Shopper:
    name, share, (last_lo, last_hi), (orders_lo, orders_hi) = _persona(rng)
    first_name = rng.choice(FIRST_NAMES)
    user_id = f"shopper-{number:03d}"
    shopper = Shopper(user_id, {
        "first_name": first_name, "email": f"{user_id}@example.com", "gender": rng.choice(("female", "male")),
        "city": rng.choice(CITIES), "plan": rng.choice(("free", "free", "plus")), "timezone": "Europe/London",
    })
    last = now - timedelta(days=rng.uniform(last_lo, last_hi))
    first = now - timedelta(days=rng.uniform(0, 6)) if name == "new" else last - timedelta(days=rng.uniform(60, 360))
    first = min(first, last)
    span = (last - first).total_seconds()
    big_spender = rng.random() < 0.3
    orders = rng.randint(orders_lo, orders_hi)
    for i in range(orders):
        # The last order on the last active day; the rest spread over the contact's life.
        at = last if i == 0 else first + timedelta(seconds=rng.uniform(0, span))
        amount = round(rng.uniform(80, 400) if big_spender else rng.uniform(12, 90), 2)
        shopper.events.append(("order_completed", {
            "order_id": f"{user_id}-o{i + 1}", "amount": amount, "currency": "EUR",
            "category": rng.choice(CATEGORIES), "is_new_product": rng.random() < 0.2,
        }, at))
    shopper.events.append(("app_opened", {"platform": rng.choice(("ios", "android"))}, first))
    for _ in range(rng.randint(1, 12)):
        shopper.events.append(("app_opened", {"platform": rng.choice(("ios", "android"))},
                               first + timedelta(seconds=rng.uniform(0, span))))
    return shopper


def demo_shoppers(now: datetime, count: int = SHOPPERS) -> list[Shopper]:
    rng = random.Random(SEED)
    return [_shopper(number, rng, now) for number in range(1, count + 1)]
