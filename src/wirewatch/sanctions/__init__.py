"""The sanctions layer: what regimes exist (``regimes.yaml``), who is listed (loaders for the
UN, OFAC and OpenSanctions lists) and whether a name is one of them (``screening``).

Stages never talk SQL: loaded lists live in the store (:mod:`wirewatch.store.sanctions_sql`).
"""

from wirewatch.sanctions.records import ListedParty, ListLoad, ScreeningHit

__all__ = ["ListLoad", "ListedParty", "ScreeningHit"]
