"""Find direct quotations in text, tolerating malformed and unbalanced quotation marks.

Typographic quotes pair by direction (“…”); straight quotes (") pair left to right. A quote
mark without a partner, or a "quote" that runs across a paragraph break or past
``MAX_QUOTE`` characters, is dropped rather than swallowing the rest of the article.
Single quotes are ignored: apostrophes make them unreliable.
"""

from __future__ import annotations

MAX_QUOTE = 1500
OPEN_CURLY, CLOSE_CURLY, STRAIGHT = "“«„", "”»", '"'


def find_quotes(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of quotations, *including* their quotation marks, sorted."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_kind = ""
    for i, ch in enumerate(text):
        if ch in OPEN_CURLY or (ch == STRAIGHT and open_at is None) or \
                (ch == "”" and open_at is None and _looks_opening(text, i)):
            if open_at is not None and open_kind != STRAIGHT:
                pass  # a second opening mark: restart from here (the first was unbalanced)
            open_at, open_kind = i, STRAIGHT if ch == STRAIGHT else "curly"
            continue
        closes = (ch == STRAIGHT and open_kind == STRAIGHT) or \
                 (ch in CLOSE_CURLY and open_kind == "curly")
        if open_at is not None and closes:
            inner = text[open_at + 1:i]
            if inner.strip() and "\n\n" not in inner and len(inner) <= MAX_QUOTE:
                spans.append((open_at, i + 1))
            open_at, open_kind = None, ""
        elif open_at is not None and text.startswith("\n\n", i):
            open_at, open_kind = None, ""  # quotes do not run across paragraphs
    return spans


def _looks_opening(text: str, i: int) -> bool:
    # Some feeds use ” for both marks: treat it as opening after a space or line start.
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([—-"
