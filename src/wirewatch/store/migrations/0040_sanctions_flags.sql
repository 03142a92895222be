-- Screening of resolved actors and sanctions flags on events (docs/sanctions.md).
--
-- entity_screening is replaced in full by each screening run (entity resolution is recomputed
-- store-wide, so hits are too). No foreign key to entities: the entities stage deletes and
-- re-inserts its rows, which would cascade the hits away between two screening runs; readers
-- join on entities instead, so a hit of an entity that no longer exists is never shown.
CREATE TABLE entity_screening (
    entity_id      TEXT NOT NULL,
    list_source    TEXT NOT NULL,          -- un, ofac, opensanctions
    list_ref       TEXT NOT NULL,          -- the list's own id: KPi.033, OFAC-12345 ...
    entity_name    TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    screened_name  TEXT NOT NULL,          -- the entity's name or alias that matched
    party_name     TEXT NOT NULL,
    matched_name   TEXT NOT NULL,          -- the party's name or alias it matched
    score          REAL NOT NULL,
    reason         TEXT NOT NULL,
    kind           TEXT NOT NULL,          -- the party's kind: person, organization, vessel, aircraft
    regimes        TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (entity_id, list_source, list_ref)
);
CREATE INDEX entity_screening_ref ON entity_screening(list_ref);

-- One row per screening run: what was screened against what, so a run with the same lists and
-- the same entities can be skipped and a stale result recognised.
CREATE TABLE screening_runs (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    lists        TEXT NOT NULL,            -- JSON: active list version ids
    fingerprint  TEXT NOT NULL,            -- hash of the list versions and the screened names
    entities     INTEGER NOT NULL,
    names        INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    seconds      REAL NOT NULL
);

-- Sanctions flags on events: the finding, its legal basis and the evidence sentence.
-- `data` is the SanctionFlag record as JSON; the other columns are there to filter and facet.
CREATE TABLE sanction_flags (
    id          TEXT PRIMARY KEY,           -- content hash (wirewatch.sanctions.records.SanctionFlag)
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('measure', 'listed_party')),
    regime      TEXT NOT NULL,
    measure     TEXT NOT NULL,
    status      TEXT NOT NULL,
    day         TEXT,
    data        TEXT NOT NULL
);
CREATE INDEX sanction_flags_article ON sanction_flags(article_id);
CREATE INDEX sanction_flags_regime ON sanction_flags(regime, status);
