-- Events and claims as read from each article, and events fused across articles.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    modality    TEXT NOT NULL,
    date        TEXT,
    confidence  REAL NOT NULL,
    data        TEXT NOT NULL   -- the Event record as JSON (actors, evidence, attribution, ...)
);
CREATE INDEX events_article ON events(article_id);

CREATE TABLE claims (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker     TEXT,           -- label: the speaker as named, or its description
    entity_id   TEXT,
    direct      INTEGER NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article_id);

-- Recomputed over the whole store after each events batch: one real event, all its evidence.
CREATE TABLE fused_events (
    id              TEXT PRIMARY KEY,
    type            TEXT NOT NULL,
    label           TEXT NOT NULL,   -- "RUS CONSULT PRK (ongoing)" for browsing
    modality        TEXT NOT NULL,
    date            TEXT,
    corroboration   INTEGER NOT NULL,   -- independent sources (copy groups count once)
    publications    INTEGER NOT NULL,   -- articles
    disputed        INTEGER NOT NULL,
    data            TEXT NOT NULL
);
CREATE TABLE fused_evidence (
    fused_id  TEXT NOT NULL REFERENCES fused_events(id) ON DELETE CASCADE,
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (fused_id, event_id)
);
CREATE INDEX fused_evidence_event ON fused_evidence(event_id);
