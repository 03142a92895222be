"""The error hierarchy, in one place.

    WirewatchError            base of everything wirewatch raises on purpose
    ├── ConfigError           bad settings, flags or paths (CLI exit code 2)
    ├── InputError            one input item cannot be read (recorded, batch goes on)
    │   └── FetchError        a URL could not be fetched (timeout, status, size, type)
    └── StoreError            the store cannot be opened / migrated / written

Messages say what went wrong *and* what to do about it where there is something to do.
"""

from __future__ import annotations


class WirewatchError(Exception):
    """Base class for every error wirewatch raises deliberately."""


class ConfigError(WirewatchError):
    """A setting, flag or path is wrong. The CLI exits with code 2."""


class InputError(WirewatchError):
    """One input item (file, URL, feed entry, JSON line) cannot be ingested.

    ``item`` names the item (path, URL, ``file.jsonl:12``) and ``reason`` says why, in words
    a user can act on. The batch goes on without it.
    """

    def __init__(self, item: str, reason: str):
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class FetchError(InputError):
    """A URL could not be fetched."""


class StoreError(WirewatchError):
    """The store cannot be opened, migrated or written."""
