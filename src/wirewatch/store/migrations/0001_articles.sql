-- Articles, their full-text index, duplicate relations, MinHash signatures, ingest errors.
CREATE TABLE articles (
    id             TEXT PRIMARY KEY,
    text_hash      TEXT NOT NULL,
    title          TEXT NOT NULL,
    source         TEXT NOT NULL,
    path           TEXT,
    url            TEXT,
    author         TEXT,
    published      TEXT,
    published_from TEXT NOT NULL DEFAULT 'unknown'
                   CHECK (published_from IN ('metadata', 'text', 'unknown')),
    language       TEXT,
    text           TEXT NOT NULL,
    boilerplate    TEXT NOT NULL DEFAULT '[]',   -- JSON list of removed lines
    ingested_at    TEXT NOT NULL,
    version_of     TEXT REFERENCES articles(id),
    copy_group     TEXT REFERENCES articles(id)  -- the canonical article of its copy group
);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_copy_group ON articles(copy_group);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE TABLE dup_relations (
    a      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind   TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'contains', 'overlap')),
    score  REAL NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX dup_relations_b ON dup_relations(b);

CREATE TABLE minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature  BLOB NOT NULL
);

-- Which stage has processed which article: a crashed run resumes where it stopped.
CREATE TABLE stage_runs (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    done_at    TEXT NOT NULL,
    PRIMARY KEY (article_id, stage)
);

CREATE TABLE ingest_errors (
    id     INTEGER PRIMARY KEY,
    item   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);
