"""The store: one interface, SQLite by default.

Stages never talk SQL: they call :class:`Store` methods. ``open_store(path)`` returns the
SQLite backend, migrated to the latest schema.
"""

from wirewatch.store.base import Store
from wirewatch.store.sqlite import SQLiteStore, open_store

__all__ = ["SQLiteStore", "Store", "open_store"]
