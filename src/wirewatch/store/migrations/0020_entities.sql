-- Entities (actors and places resolved across the articles in scope), their mentions and
-- aliases, and the merge decisions behind them: see docs/entities.md. The entities stage
-- rewrites these tables; entity_candidates keeps what extraction read per article so that
-- re-resolution never parses again. `name` is the label column Datasette shows for foreign keys.
CREATE TABLE entities (
    id            TEXT PRIMARY KEY,            -- content hash of type + normalised canonical name
    name          TEXT NOT NULL,
    type          TEXT NOT NULL CHECK (type IN ('person', 'organisation', 'country', 'location', 'group')),
    country       TEXT,                        -- ISO 3166 alpha-3
    sector        TEXT,                        -- CAMEO-style: GOV, MIL, GOVMIL, IGO, REB, MED, BUS ...
    role          TEXT,
    code          TEXT,                        -- country + sector, e.g. RUSGOVMIL
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_alias ON entity_aliases(alias COLLATE NOCASE);

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start_char INTEGER NOT NULL,              -- character offsets into articles.text
    end_char   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    label      TEXT NOT NULL,                 -- NER label, GAZ (data files) or DESC (description)
    code       TEXT,                          -- actor code of this mention ("the Kremlin": RUSGOV)
    how        TEXT NOT NULL,                 -- name, alias, demonym, capital, seat, surname, description ...
    UNIQUE (article_id, start_char, end_char)
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE merge_decisions (
    id         INTEGER PRIMARY KEY,
    entity_id  TEXT REFERENCES entities(id) ON DELETE CASCADE,   -- NULL: kept apart or rejected
    alias      TEXT NOT NULL,
    rule       TEXT NOT NULL,
    score      REAL NOT NULL,
    reason     TEXT NOT NULL,
    article_id TEXT REFERENCES articles(id) ON DELETE CASCADE,
    decided_at TEXT NOT NULL
);
CREATE INDEX merge_decisions_entity ON merge_decisions(entity_id);
CREATE INDEX merge_decisions_alias ON merge_decisions(alias COLLATE NOCASE);
CREATE INDEX merge_decisions_article ON merge_decisions(article_id);

CREATE TABLE entity_candidates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version    TEXT NOT NULL,                 -- extractor + data files fingerprint; stale rows are redone
    data       TEXT NOT NULL                  -- JSON list of candidates (wirewatch.entities.records.Candidate)
);
