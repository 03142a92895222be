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

from collections import Counter, defaultdict

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
