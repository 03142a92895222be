"""Pipeline components wirewatch adds to any spaCy pipeline it loads.

``entity_consistency`` runs after the NER and makes its decisions hold across one
article: a statistical tagger reads a few words of context around each token, so it can
recognise "Sergei Shoigu" in one sentence and miss "Shoigu" three sentences later, or tag
"Rosoboronexport" in the lead and not in the tenth paragraph. Two rules, both confined to
the document (label consistency as in Krishnan & Manning, ACL 2006):

- a name the NER tagged somewhere in the article is tagged the same way where it recurs
  untagged (its most frequent type, when one type holds the majority);
- the surname of a person named in full is a person where it stands alone.

Only capitalised words that no entity already covers are tagged; nothing the NER decided is
changed. Scores with and without the rules are in docs/nlp.md.
"""

from __future__ import annotations

import abc
import functools
import gzip
import json
from collections import Counter, defaultdict
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

NAME = "entity_consistency"


def _candidates(doc: Doc) -> dict[tuple[str, ...], str]:
    """Token-text sequences to tag wherever they recur, with the type to give them."""
    types: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for ent in doc.ents:
        types[tuple(t.text for t in ent)][ent.label_] += 1
    found: dict[tuple[str, ...], str] = {}
    for key, counts in types.items():
        label, n = counts.most_common(1)[0]
        if 2 * n > sum(counts.values()):
            found[key] = label
    for ent in doc.ents:
        if ent.label_ in ("PER", "PERSON") and len(ent) >= 2:
            surname = (ent[-1].text,)
            if surname not in types and ent[-1].is_alpha:
                found.setdefault(surname, ent.label_)
    return found


def make_consistent(doc: Doc) -> Doc:
    """Tag the untagged recurrences of the article's names (see the module docstring)."""
    if not doc.ents:
        return doc
    wanted = _candidates(doc)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in sorted(wanted, key=len, reverse=True):  # longest match first
        by_first[key[0]].append(key)
    covered = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    added: list[Span] = []
    i = 0
    while i < len(doc):
        key = _match(doc, i, by_first, covered)
        if key is None:
            i += 1
            continue
        added.append(Span(doc, i, i + len(key), label=wanted[key]))
        i += len(key)
    if added:
        doc.set_ents(added, default="unmodified")
    return doc


def _match(doc: Doc, i: int, by_first: dict, covered: set[int]) -> tuple[str, ...] | None:
    """The longest wanted name that starts at token ``i`` on uncovered, capitalised words."""
    token = doc[i]
    if i in covered or not token.is_alpha or not token.text[:1].isupper():
        return None
    for key in by_first.get(token.text, ()):
        end = i + len(key)
        if end <= len(doc) and all(doc[j].text == key[j - i] and j not in covered
                                   for j in range(i, end)):
            return key
    return None


@Language.component(NAME)
def entity_consistency(doc: Doc) -> Doc:
    return make_consistent(doc)


# --- Parsing without whitespace tokens -------------------------------------------------
#
# spaCy keeps every run of whitespace other than one plain space as a token of its own:
# the "\n\n" between paragraphs, a "\xa0" inside a sentence. A treebank has no such
# tokens, so a parser trained on one has never had to attach them, and ours did badly:
# on the sample corpus half the sentences open with a paragraph break, and that token
# came out as the sentence's root (119 of 202) or the subject of its verb (63), pushing
# the real verb down the tree ("urged" under "\n\n" as a relative clause). The parser
# therefore reads each document with its whitespace tokens taken out, as a treebank
# sentence, and every whitespace token is then attached, as ``dep``, to the word after it
# (the one before it at the end of a document). A paragraph break also starts a sentence.

PARSE_WITHOUT_SPACES = "wirewatch_parse_without_spaces"


def _paragraph_break(token) -> bool:
    return token.is_space and token.text.count("\n") >= 2


class BatchedParse(abc.ABC):
    """A component whose work is ``_parse(list_of_docs)``, in place: one doc or a stream."""

    def __call__(self, doc: Doc) -> Doc:
        self._parse([doc])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            self._parse(batch)
            yield from batch

    @abc.abstractmethod
    def _parse(self, docs: list[Doc]) -> None: ...


class ParseWithoutSpaces(BatchedParse):
    """Runs a spaCy ``DependencyParser`` (``self.parser``) on whitespace-free copies of
    each document and writes the heads and labels back (see the comment above).

    The copies carry the rows of ``doc.tensor`` for their words, which is what a parser
    listening to a shared ``tok2vec`` reads at prediction time."""

    def __init__(self, parser) -> None:
        self.parser = parser

    def __getattr__(self, name: str):  # labels, scorer, model...: the wrapped parser's
        if name == "parser":  # not set yet (an unpickling or copying object): no recursion
            raise AttributeError(name)
        return getattr(self.parser, name)

    def _parse(self, docs: list[Doc]) -> None:
        work = [_without_spaces(doc) for doc in docs]
        todo = [compact for compact, _ in work if len(compact)]
        if todo:
            self.parser.set_annotations(todo, self.parser.predict(todo))
        for doc, (compact, keep) in zip(docs, work):
            if keep is not None and len(compact):
                _copy_parse(doc, compact, keep)


def _without_spaces(doc: Doc) -> tuple[Doc, list[int] | None]:
    """``(doc, None)`` when it has no whitespace token; else a copy without them and the
    index in ``doc`` of each of the copy's tokens."""
    keep = [t.i for t in doc if not t.is_space]
    if len(keep) == len(doc):
        return doc, None
    words, spaces, starts = [], [], []
    after_break = True  # the document's first word starts a sentence anyway
    for n, i in enumerate(keep):
        token = doc[i]
        words.append(token.text)
        nxt = keep[n + 1] if n + 1 < len(keep) else len(doc)
        spaces.append(bool(token.whitespace_) or nxt > i + 1)
        start = token.is_sent_start  # True / False / None as the sentence guard left it
        starts.append(True if after_break and n else start)
        after_break = any(_paragraph_break(doc[j]) for j in range(i + 1, nxt))
    compact = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)
    if doc.tensor is not None and len(doc.tensor) == len(doc):
        compact.tensor = doc.tensor[keep]
    return compact, keep


def _copy_parse(doc: Doc, compact: Doc, keep: list[int]) -> None:
    import numpy as np

    heads = np.arange(len(doc), dtype="int64")
    deps = np.zeros(len(doc), dtype="uint64")
    for token in compact:
        heads[keep[token.i]] = keep[token.head.i]
        deps[keep[token.i]] = token.dep
    write_parse(doc, heads, deps, keep)


def write_parse(doc: Doc, heads, deps, words: list[int]) -> None:
    """Write a parse of ``doc``'s words into it: ``heads`` (absolute token indices) and
    ``deps`` (string ids) hold the parse at the indices in ``words`` (ascending); every other
    token, a whitespace token, is attached as ``dep`` to the word after it (the last word, at
    the end of the document). Shared by both parsers that read documents without their
    whitespace tokens."""
    import numpy as np
    from spacy.attrs import DEP, HEAD

    n = len(doc)
    if not n:
        return
    is_word = np.zeros(n, dtype=bool)
    is_word[words] = True
    dep = doc.vocab.strings.add("dep")
    word_after = words[-1] if len(words) else None
    for i in range(n - 1, -1, -1):
        if is_word[i]:
            word_after = i
        elif word_after is not None:
            heads[i], deps[i] = word_after, dep
        else:  # a document of whitespace alone: each token its own root
            heads[i], deps[i] = i, doc.vocab.strings.add("ROOT")
    rel = (heads - np.arange(n)).astype("uint64")
    doc.from_array([HEAD, DEP], np.stack([rel, deps], axis=1))


@Language.factory(PARSE_WITHOUT_SPACES, default_config={"parser": "parser_core"})
def make_parse_without_spaces(nlp: Language, name: str, parser: str) -> ParseWithoutSpaces:
    return ParseWithoutSpaces(nlp.get_pipe(parser))


def _reads_shared_transformer(nlp: Language, name: str) -> bool:
    """Whether ``name`` listens to an upstream component other than a spaCy ``Tok2Vec``
    (a transformer keeps its output in ``doc._``, which a whitespace-free copy lacks)."""
    from spacy.pipeline import Tok2Vec

    return any(name in (getattr(proc, "listening_components", None) or ()) and not isinstance(proc, Tok2Vec)
               for _, proc in nlp.components)


def install_parse_without_spaces(nlp: Language) -> None:
    """Put the pipeline's ``parser`` behind ``ParseWithoutSpaces``: the parser itself stays
    in the pipeline, disabled, as ``parser_core``, and the wrapper runs in its place under
    the name ``parser``."""
    from spacy.pipeline import DependencyParser

    if not isinstance(nlp.get_pipe("parser") if "parser" in nlp.pipe_names else None, DependencyParser):
        return
    if _reads_shared_transformer(nlp, "parser"):
        return
    nlp.rename_pipe("parser", "parser_core")
    nlp.add_pipe(PARSE_WITHOUT_SPACES, name="parser", after="parser_core", config={"parser": "parser_core"})
    nlp.disable_pipe("parser_core")


# --- Lemma check ---------------------------------------------------------------------------
#
# The edit-tree lemmatizer learns which edit turns a form into its lemma from UD EWT, and
# for forms it rarely saw it picks a wrong one: "violated" -> "violat", "supplying" ->
# "supplye", "fought" and "bombed" unchanged. It gets 95-96% of verbs right, and the event
# and claim rules match verbs by lemma. ``lemma_check`` runs after it and corrects verbs and
# adjectives with the English rule tables of spacy-lookups-data (WordNet's index and
# irregular forms; training/lemmas/build_tables.py): an irregular form takes its listed
# lemma, and a lemma the index does not know gives way to the first suffix-rule candidate it
# does ("violat" -> "violate"). A lemma the index knows is kept. Scores in docs/nlp.md.

LEMMA_CHECK = "lemma_check"
_LEMMA_PARTS = {"VERB": "verb", "ADJ": "adj"}


class _LemmaTables:
    def __init__(self, data: dict):
        self.exc: dict[str, dict[str, str]] = data["exc"]
        self.index: dict[str, frozenset[str]] = {p: frozenset(words) for p, words in data["index"].items()}
        self.rules: dict[str, list[tuple[str, str]]] = {p: [tuple(r) for r in rules]
                                                         for p, rules in data["rules"].items()}

    def lemma(self, form: str, pos: str, predicted: str) -> str:
        """The lemma to keep for ``form`` (lower case) of table part ``pos``."""
        irregular = self.exc[pos].get(form)
        if irregular is not None:
            return irregular
        index = self.index[pos]
        if predicted.lower() in index:
            return predicted
        for old, new in self.rules[pos]:
            if form.endswith(old):
                candidate = form[:len(form) - len(old)] + new
                if candidate in index:
                    return candidate
        return form if form in index else predicted


@functools.lru_cache(maxsize=1)
def lemma_tables() -> _LemmaTables:
    path = resources.files("wirewatch.nlp").joinpath("data/lemma_tables.json.gz")
    with gzip.open(path.open("rb"), "rt", encoding="utf-8") as fh:
        return _LemmaTables(json.load(fh))


def check_lemmas(doc: Doc) -> Doc:
    tables = lemma_tables()
    for token in doc:
        part = _LEMMA_PARTS.get(token.pos_)
        if part is None:
            continue
        lemma = tables.lemma(token.lower_, part, token.lemma_)
        if lemma != token.lemma_:
            token.lemma_ = lemma
    return doc


@Language.component(LEMMA_CHECK)
def lemma_check(doc: Doc) -> Doc:
    return check_lemmas(doc)
