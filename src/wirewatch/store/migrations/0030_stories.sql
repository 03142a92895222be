-- Stories: online clusters of articles. Ids are stable; merges are recorded, never silent.
CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    first_seen  TEXT,
    last_seen   TEXT,
    size        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    merged_into TEXT REFERENCES stories(id)
);
CREATE INDEX stories_last_seen ON stories(last_seen);

CREATE TABLE story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL REFERENCES stories(id),
    score       REAL NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_merges (
    id        INTEGER PRIMARY KEY,
    absorbed  TEXT NOT NULL REFERENCES stories(id),
    into_id   TEXT NOT NULL REFERENCES stories(id),
    score     REAL NOT NULL,
    reason    TEXT NOT NULL,
    at        TEXT NOT NULL
);

-- The clusterer's state: centroid features per live story, and the stream's document frequencies.
CREATE TABLE story_terms (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    term     TEXT NOT NULL,
    weight   REAL NOT NULL,
    PRIMARY KEY (story_id, term)
);
CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
);
CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
