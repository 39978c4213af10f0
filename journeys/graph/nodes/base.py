"""What every node type module provides.

Each node type lives in its own module (``trigger.py``, ``wait.py``, ...) as one
subclass of `NodeType`, registered in ``nodes/__init__.py``. A node type owns:

- its config: `config_errors(config)` lists (code, message) problems;
- its outgoing ports: `ports(config)`;
- its decision: `decide(config, visit, ctx, now)` takes the node's config, what the
  node may know of the enrollment (`Visit`), a `ContactContext` and ``now`` and
  returns a `Decision` (next port, wake-up time, message to send, traits to set).
  The runtime engine (journeys/runtime/engine.py) calls it at every step. It sits
  on these same classes so that config, ports and behaviour of a node type live in
  one file.

Instances are stateless singletons; all per-node data is in the config dict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from datetime import datetime

    from ..conditions import ContactContext
    from ..decisions import Decision, Visit

from ..condition_checks import condition_errors, property_condition_errors
from ..fields import describe

BAD_CONFIG = "bad_config"

ConfigErrors = list[tuple[str, str]]


class NodeType:
    #: the `type` string in the schema
    type_name: ClassVar[str] = ""
    #: the out ports when they do not depend on the config
    fixed_ports: ClassVar[tuple[str, ...]] = ()
    #: every key the config may carry; anything else is reported
    config_keys: ClassVar[tuple[str, ...]] = ()
    #: contacts enter the journey here
    is_trigger: ClassVar[bool] = False
    #: a step pauses here (durable wait), so a cycle through this node cannot spin
    waits: ClassVar[bool] = False

    def ports(self, config: dict[str, Any]) -> list[str]:
        """The node's outgoing ports, in display order. Tolerates a bad config."""
        return list(self.fixed_ports)

    def config_errors(self, config: Any) -> ConfigErrors:
        """Every problem with `config` as (code, message); [] when it is valid."""
        if not isinstance(config, dict):
            return [self.bad(f"config must be an object, not {describe(config)}")]
        expected = f"expected {', '.join(self.config_keys)}" if self.config_keys else "the config must be empty"
        errors = [self.bad(f"unknown config key {key!r}; {expected}") for key in config if key not in self.config_keys]
        errors.extend(self.check_config(config))
        return errors

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        """Type-specific checks; `config` is a dict and unknown keys are reported."""
        return []

    # -- helpers for subclasses ------------------------------------------------------

    def bad(self, message: str, code: str = BAD_CONFIG) -> tuple[str, str]:
        return (code, f"{self.type_name}: {message}")

    def condition_problems(self, cond: Any, path: str) -> ConfigErrors:
        return [self.bad(f"{p}: {m}") for p, m in condition_errors(cond, path)]

    def property_condition_problems(self, cond: Any, path: str) -> ConfigErrors:
        return [self.bad(f"{p}: {m}") for p, m in property_condition_errors(cond, path)]

    def decide(self, config: dict[str, Any], visit: Visit, ctx: ContactContext, now: datetime) -> Decision:
        """What happens when a contact reaches a node of this type (runtime; the config is valid)."""
        raise NotImplementedError(f"{self.type_name} has no runtime decision")

    def __repr__(self) -> str:
        return f"<node type {self.type_name}>"
