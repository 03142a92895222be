"""Word-shingle hashing for dedup, vectorised with numpy.

The tokenisation is exactly :func:`wirewatch.textnorm.words` (``\\w+`` over the folded view), but
done on a code-point array instead of with ``re``: on a 600-word article ``words()`` costs
~150 us (mostly the whitespace-collapsing regex), which alone would eat the per-article budget
of the dedup stage. Whitespace collapsing does not change which characters are word
characters, so skipping it gives the same tokens (a test checks this against ``words()``).

Token hashes are a polynomial hash over code points (mod 2**64), computed for all tokens of a
text with one ``add.reduceat``; shingle hashes combine ``k`` consecutive token hashes. Every step is
deterministic and independent of ``PYTHONHASHSEED``, so signatures stored in one process are
valid in the next.
"""

from __future__ import annotations

import unicodedata

import numpy as np

SHINGLE_WORDS = 3  # see index.py for why 3 and not 5

_P = np.uint64(0x100000001B3)  # FNV prime: odd, so invertible mod 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_K = np.uint64(0x9E3779B97F4A7C15)

# Which ASCII code points are \w; non-ASCII ones are decided (and cached) with str.isalnum,
# which is the definition ``re`` uses for \w on str patterns.
_ASCII_WORD = np.zeros(128, dtype=bool)
for _c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _ASCII_WORD[ord(_c)] = True
_ASCII_ZERO = bytes(c if c < 128 and _ASCII_WORD[c] else 0 for c in range(256))
_NONASCII_WORD: dict[int, bool] = {}

_pow: np.ndarray = np.ones(1, dtype=np.uint64)
_pow_inv: np.ndarray = np.ones(1, dtype=np.uint64)


_CACHE_LIMIT = 1 << 20  # characters; a longer text gets uncached tables (16 B per character)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i for i < n (grown geometrically and cached: texts reuse them)."""
    global _pow, _pow_inv
    if len(_pow) >= n:
        return _pow, _pow_inv
    size = max(n, min(2 * len(_pow), _CACHE_LIMIT), 4096)
    p = np.empty(size, dtype=np.uint64)
    q = np.empty(size, dtype=np.uint64)
    p[0] = q[0] = 1
    p[1:] = _P
    q[1:] = _P_INV
    # uint64 array arithmetic wraps silently, which is the mod 2**64 we want
    p, q = np.cumprod(p), np.cumprod(q)
    if size <= _CACHE_LIMIT:
        _pow, _pow_inv = p, q
    return p, q


# typographic punctuation common in news copy: non-word characters, like the space replacing
# them, so tokens do not change, but the text can then take the ASCII fast path in _tokens
_TYPOGRAPHIC = ("\u2019", "\u201c", "\u201d", "\u2018", "\u2014", "\u2013")


def folded(text: str) -> str:
    """The view ``words()`` tokenises (NFKC, casefolded), minus what cannot change the tokens.

    ``normalise_for_hash`` also collapses whitespace and maps quotes/dashes to ASCII; both sides
    of those mappings are non-word characters, so they only cost time (``str.translate`` with a
    dict is ~200 us on a non-ASCII article). The one fold that does matter is the deleted
    zero-width space, which joins the words around it.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        if "\u200b" in text:
            text = text.replace("\u200b", "")
        for ch in _TYPOGRAPHIC:
            if ch in text:
                text = text.replace(ch, " ")
    return text.casefold()


def _word_flags(cp: np.ndarray) -> np.ndarray:
    """Boolean \\w mask over code points (uint8 for ASCII texts, uint32 otherwise)."""
    # after casefold an ASCII word character is a-z, 0-9 or _; unsigned wrap-around turns
    # each range test into one comparison
    w = (cp - cp.dtype.type(97) < 26) | (cp - cp.dtype.type(48) < 10) | (cp == 95)
    if cp.dtype != np.uint8:
        high = np.flatnonzero(cp >= 128)
        if len(high):
            uniq, inv = np.unique(cp[high], return_inverse=True)
            flags = np.empty(len(uniq), dtype=bool)
            for i, c in enumerate(uniq.tolist()):
                f = _NONASCII_WORD.get(c)
                if f is None:
                    ch = chr(c)
                    f = _NONASCII_WORD[c] = ch.isalnum() or ch == "_"
                flags[i] = f
            w[high] = flags[inv]
    return w


def token_hashes(text: str) -> np.ndarray:
    """uint64 hash of every word token of ``text``, in order (same tokens as ``words(text)``)."""
    return _tokens(folded(text))[0]


def _tokens(s: str) -> tuple[np.ndarray, np.ndarray]:
    """(token hashes, token start positions in ``s``) of a folded string.

    Hash of a token = sum of cp_j * P**(j - start): every code point is weighted by P**j, the
    non-word ones are zeroed, the sums per token come from one ``add.reduceat`` over token
    starts (a token's span runs up to the next start, but the separators in it add 0), and
    multiplying by P**-start makes the value independent of where the token sits.
    Not mixed here: ``shingle_hashes`` mixes the combined value.
    """
    # a leading separator makes "starts" one comparison, with no special case for position 0
    if s.isascii():
        # bytes.translate zeroes the non-word characters in one C pass (the common case)
        cp = np.frombuffer((" " + s).encode("ascii").translate(_ASCII_ZERO), dtype=np.uint8)
        w = cp.astype(bool)
    else:
        cp = np.frombuffer((" " + s).encode("utf-32-le"), dtype=np.uint32)
        w = _word_flags(cp)
        cp = cp * w
    starts = np.flatnonzero(w[1:] > w[:-1])  # positions in cp[1:], i.e. in s
    if not len(starts):
        return np.empty(0, dtype=np.uint64), starts
    n = len(cp) - 1
    pw, pw_inv = _powers(n)
    x = cp[1:].astype(np.uint64)
    x *= pw[:n]
    return np.add.reduceat(x, starts) * pw_inv[starts], starts


def shingle_hashes(tokens: np.ndarray, k: int = SHINGLE_WORDS) -> np.ndarray:
    """uint64 hash of every run of ``k`` consecutive tokens (with repeats, in order).

    A text shorter than ``k`` words gives one shingle of all its words, so short texts still
    compare; an empty text gives none.
    """
    n = len(tokens)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if n < k:
        k = n
    # uint64 array arithmetic wraps silently, which is the mod 2**64 we want
    h = tokens[: n - k + 1] * _K
    for i in range(1, k):
        h += tokens[i : n - k + 1 + i]
        h *= _K
    # one xor-shift folds the well-mixed high bits into the weak low bits of the polynomial
    h ^= h >> np.uint64(29)
    return h


def sorted_unique(h: np.ndarray) -> np.ndarray:
    """``np.unique`` for a 1-d array, ~6x faster on article-sized inputs (no inverse machinery)."""
    if len(h) < 2:
        return h.copy()
    s = np.sort(h)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def intersection_sizes(mine: np.ndarray, others: list[np.ndarray]) -> np.ndarray:
    """|mine ∩ o| for each of ``others`` (sorted unique arrays, like ``mine``), in one pass
    over all of them: the values of every ``o`` found in ``mine``, counted per ``o``."""
    if not others or not len(mine):
        return np.zeros(len(others), dtype=np.int64)
    values = np.concatenate(others)
    owner = np.repeat(np.arange(len(others)), [len(o) for o in others])
    i = np.searchsorted(mine, values)
    i[i == len(mine)] = 0
    return np.bincount(owner[mine[i] == values], minlength=len(others))


def shingle_set(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique shingle hashes: the exact set that relations are verified and scored on."""
    return sorted_unique(shingle_hashes(token_hashes(text), k))
