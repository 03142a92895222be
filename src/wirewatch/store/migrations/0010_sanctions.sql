-- Sanctions lists: each load of a list file is a version; one active version per source.
-- A new version is written in one transaction and only then made active, so a failed or
-- broken load never leaves a source without its previous list.
CREATE TABLE sanctions_lists (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL CHECK (source IN ('un', 'ofac', 'opensanctions')),
    format     TEXT NOT NULL,
    file       TEXT NOT NULL,
    generated  TEXT,                    -- the list's own publication stamp, where it has one
    loaded_at  TEXT NOT NULL,
    entries    INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    skipped    TEXT NOT NULL DEFAULT '[]' -- JSON list: what the loader left out and why
);
CREATE UNIQUE INDEX sanctions_lists_one_active ON sanctions_lists(source) WHERE active = 1;

-- One row per listed party of one list version. JSON columns hold short lists
-- (Datasette renders them; query them with json_each).
CREATE TABLE sanctions_parties (
    list_id        INTEGER NOT NULL REFERENCES sanctions_lists(id) ON DELETE CASCADE,
    list_ref       TEXT NOT NULL,       -- KPi.033, OFAC-12345, an FtM entity id
    source         TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'vessel', 'aircraft')),
    name           TEXT NOT NULL,
    nationalities  TEXT NOT NULL DEFAULT '[]',
    birth_dates    TEXT NOT NULL DEFAULT '[]',
    programmes     TEXT NOT NULL DEFAULT '[]',
    regimes        TEXT NOT NULL DEFAULT '[]',
    listed_on      TEXT,
    remarks        TEXT,
    PRIMARY KEY (list_id, list_ref)
);
CREATE INDEX sanctions_parties_ref ON sanctions_parties(list_ref);

-- Every alias on its own row so a name can be looked up (and faceted on quality) directly.
CREATE TABLE sanctions_aliases (
    list_id   INTEGER NOT NULL,
    list_ref  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    quality   TEXT NOT NULL,
    PRIMARY KEY (list_id, list_ref, position),
    FOREIGN KEY (list_id, list_ref) REFERENCES sanctions_parties(list_id, list_ref) ON DELETE CASCADE
);
CREATE INDEX sanctions_aliases_name ON sanctions_aliases(name COLLATE NOCASE);
