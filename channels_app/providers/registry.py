"""Which provider serves a channel: the real one when its credentials are set, else the sandbox."""
from __future__ import annotations

from channels_app.providers.base import Provider
from channels_app.providers.sandbox import SandboxProvider

# Tests swap providers in here (see tests/integration fixtures); keys are channel names.
_overrides: dict[str, Provider] = {}


def provider_for(channel: str) -> Provider:
    if channel in _overrides:
        return _overrides[channel]
    return SandboxProvider(channel)


def override_provider(channel: str, provider: Provider | None) -> None:
    if provider is None:
        _overrides.pop(channel, None)
    else:
        _overrides[channel] = provider
