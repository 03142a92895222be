"""The nlp stage: parse each English article once, store the result for every later stage."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wirewatch.nlp.pipeline import load_pipeline, reuse_freed_memory, single_threaded_blas
from wirewatch.workers import Job, default_processes

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Token attributes kept: enough for entities, events and claims (tags, lemmas, parse, entities).
_ATTRS = ["ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


def model_name(nlp) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


def _parse(nlp, texts: Sequence[str], batch_size: int) -> list[tuple[bytes, list[tuple[int, int]]]]:
    """(DocBin bytes, sentence spans) per text: what the store keeps of a parse."""
    from spacy.tokens import DocBin

    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        db = DocBin(attrs=_ATTRS, store_user_data=False)
        db.add(doc)
        out.append((db.to_bytes(), [(s.start_char, s.end_char) for s in doc.sents]))
    return out


# The pipeline a parsing worker uses (the parent too, when it parses itself): _init_worker.
_worker_nlp = None
_worker_batch = 16
_worker_blas = None


def _init_worker(model: str | None, batch_size: int) -> None:
    global _worker_nlp, _worker_batch, _worker_blas
    _worker_nlp = load_pipeline(model)  # already loaded when the worker is forked
    _worker_batch = batch_size
    if multiprocessing.parent_process() is not None and _worker_blas is None:
        _worker_blas = single_threaded_blas()  # in a worker: the cores go to the workers
        reuse_freed_memory()  # a worker lives for one stage run: keep its arrays' pages


def _parse_in_worker(texts: list[str]) -> list[tuple[bytes, list[tuple[int, int]]]]:
    return _parse(_worker_nlp, texts, _worker_batch)


class NlpStage:
    name = "nlp"
    requires: tuple[str, ...] = ("article.text", "article.language")
    assigns: tuple[str, ...] = ("docs", "sentences")

    # Below this many articles a second parsing process costs more to start than it saves.
    PARALLEL_MIN = 48

    def __init__(self, model: str | None = None, batch_size: int = 16, processes: int | None = None) -> None:
        self.model = model
        self.batch_size = batch_size
        self.processes = processes or default_processes()
        self._queued: dict[str, None] = {}  # texts in a planned job not yet saved

    def __call__(self, store, ids: Sequence[str]) -> None:
        """Parse the English articles among ``ids`` and store DocBin bytes and sentence spans."""
        self.plan(store, ids).run(**self.begin_run())

    def begin_run(self) -> dict:
        """A run of this stage starts: nothing an earlier, failed run queued is in flight.
        Returns how the pipeline starts its workers (:class:`wirewatch.workers.Workers`)."""
        self._queued.clear()
        return {"processes": self.processes, "initializer": _init_worker,
                "initargs": (self.model, self.batch_size), "warm": False}

    def plan(self, store, ids: Sequence[str]) -> Job:
        """The texts among ``ids`` to parse, as a job of ``batch_size`` texts per task.

        With several processes, the workers also serialise: each sends back bytes and spans,
        not a whole Doc (spaCy's ``n_process`` pickles every Doc, tensor included, and the
        parent rebuilds it, competing with the workers for the cores). A task is one
        ``batch_size`` of texts, so the model sees the same batches either way."""
        name = model_name(load_pipeline(self.model))
        articles = [a for a in (store.get_article(i) for i in ids) if a is not None and a.is_english]
        # A wire story republished word for word is parsed once: identical texts (in this
        # batch, already parsed by this model, or queued in an earlier batch's job that is
        # not stored yet) share one parse.
        parsed = _parsed_texts(store, articles, name)
        todo: dict[str, None] = {}
        for a in articles:
            if a.text not in parsed and a.text not in self._queued:
                todo.setdefault(a.text)
        texts = list(todo)
        self._queued.update(todo)
        chunks = [texts[i : i + self.batch_size] for i in range(0, len(texts), self.batch_size)]

        def save(results: list) -> None:
            parsed.update(zip(texts, (item for chunk in results for item in chunk)))
            for text in texts:
                self._queued.pop(text, None)
            waiting = [a for a in articles if a.text not in parsed]  # parsed by an earlier job
            parsed.update(_parsed_texts(store, waiting, name))
            lost = list(dict.fromkeys(a.text for a in waiting if a.text not in parsed))  # its job failed
            if lost:
                parsed.update(zip(lost, _parse(load_pipeline(self.model), lost, self.batch_size)))
            store.save_docs((a.id, name, *parsed[a.text]) for a in articles)

        return Job(_parse_in_worker, chunks, save, chunksize=1, parallel=len(texts) >= self.PARALLEL_MIN)


def _parsed_texts(store, articles, model: str) -> dict[str, tuple[bytes, list[tuple[int, int]]]]:
    """{text: (DocBin bytes, sentence spans)} for those of ``articles``' texts that some
    stored article with exactly the same text already has a parse of by ``model``."""
    wanted = {a.text for a in articles}
    out: dict[str, tuple[bytes, list[tuple[int, int]]]] = {}
    for twin_id, text, data in store.parsed_twins((a.text_hash for a in articles), model):
        if text in wanted and text not in out:
            out[text] = (data, store.sentence_spans(twin_id))
    return out


def doc_bytes_for(store, ids: Sequence[str], model: str | None = None) -> dict[str, bytes]:
    """Stored DocBin bytes for these article ids (parsing and storing any that are missing)."""
    stored = store.doc_bytes(ids)
    missing = [i for i in ids if i not in stored]
    if missing:
        NlpStage(model)(store, missing)
        stored.update(store.doc_bytes(missing))
    return {article_id: data for article_id, (_, data) in stored.items()}


def doc_from_bytes(data: bytes, model: str | None = None) -> "Doc":
    """The Doc stored as ``data`` by the nlp stage."""
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_bytes(data).get_docs(load_pipeline(model).vocab)
    return doc


def docs_for(store, ids: Sequence[str], model: str | None = None) -> dict[str, "Doc"]:
    """Parsed Docs for these article ids (parsing and storing any that are missing)."""
    load_pipeline(model)
    return {article_id: doc_from_bytes(data, model) for article_id, data in doc_bytes_for(store, ids, model).items()}
