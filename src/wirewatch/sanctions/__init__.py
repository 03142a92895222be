"""The sanctions layer: what regimes exist (``regimes.yaml``), who is listed (loaders for the
UN, OFAC and OpenSanctions lists), whether a name is one of them (``screening``), which
resolved actors are listed (``stage``), which events touch a measure in force (``flags``) and
the briefing's Sanctions section (``briefing``).

Stages never talk SQL: loaded lists live in the store (:mod:`wirewatch.store.sanctions_sql`).
"""

from wirewatch.sanctions.records import ActorHit, ListedParty, ListLoad, SanctionFlag, ScreeningHit

__all__ = ["ActorHit", "ListLoad", "ListedParty", "SanctionFlag", "ScreeningHit"]
