"""The nlp stage: parse each English article once, store the result for every later stage."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wirewatch.nlp.pipeline import load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Token attributes kept: enough for entities, events and claims (tags, lemmas, parse, entities).
_ATTRS = ["ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


def model_name(nlp) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


class NlpStage:
    name = "nlp"
    requires: tuple[str, ...] = ("article.text", "article.language")
    assigns: tuple[str, ...] = ("docs", "sentences")

    # Below this many articles a second parsing process costs more to start than it saves.
    PARALLEL_MIN = 48

    def __init__(self, model: str | None = None, batch_size: int = 16, processes: int | None = None) -> None:
        self.model = model
        self.batch_size = batch_size
        # two processes parse ~1.7x faster on the 2-core reference machine (docs/benchmarks.md)
        self.processes = processes or min(2, os.cpu_count() or 1)

    def __call__(self, store, ids: Sequence[str]) -> None:
        from spacy.tokens import DocBin

        nlp = load_pipeline(self.model)
        name = model_name(nlp)
        articles = [a for a in (store.get_article(i) for i in ids) if a is not None and a.is_english]
        rows = []
        n_process = self.processes if len(articles) >= self.PARALLEL_MIN else 1
        docs = nlp.pipe([a.text for a in articles], batch_size=self.batch_size, n_process=n_process)
        for article, doc in zip(articles, docs):
            db = DocBin(attrs=_ATTRS, store_user_data=False)
            db.add(doc)
            sents = [(s.start_char, s.end_char) for s in doc.sents]
            rows.append((article.id, name, db.to_bytes(), sents))
        store.save_docs(rows)


def docs_for(store, ids: Sequence[str], model: str | None = None) -> dict[str, "Doc"]:
    """Parsed Docs for these article ids (parsing and storing any that are missing)."""
    from spacy.tokens import DocBin

    nlp = load_pipeline(model)
    stored = store.doc_bytes(ids)
    missing = [i for i in ids if i not in stored]
    if missing:
        NlpStage(model)(store, missing)
        stored.update(store.doc_bytes(missing))
    out = {}
    for article_id, (_, data) in stored.items():
        (doc,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
        out[article_id] = doc
    return out
