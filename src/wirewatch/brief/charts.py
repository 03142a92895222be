"""Small self-contained SVG charts (no network, no JavaScript): a timeline and an actor network."""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections import Counter
from datetime import date
from html import escape
from importlib import resources

PALETTE = ["#0b5cad", "#b5452f", "#2f7d4f", "#7a4fb5", "#b58a1f", "#1f8a8a", "#8a1f5c", "#555f6e"]


def _d(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def timeline_svg(entries: list[tuple[str, str, str]], width: int = 760, row_h: int = 26) -> str:
    """entries: (ISO date, label, kind). One row per entry, a dot on a shared date axis."""
    dated = [(d, label, kind) for iso, label, kind in entries if (d := _d(iso))]
    if not dated:
        return ""
    dated.sort(key=lambda x: x[0])
    lo, hi = dated[0][0], dated[-1][0]
    span = max((hi - lo).days, 1)
    left, right, top = 110, 20, 30
    height = top + row_h * len(dated) + 10
    kinds = sorted({k for _, _, k in dated})
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}

    def x(d: date) -> float:
        return left + (width - left - right) * ((d - lo).days / span) * 0.55

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Timeline" style="width:100%;height:auto;font:12px system-ui,sans-serif">',
        f'<line x1="{left}" y1="{top - 12}" x2="{x(hi):.1f}" y2="{top - 12}" stroke="#99a3b3"/>',
        f'<text x="{left}" y="{top - 18}" fill="#5b6576">{lo.isoformat()}</text>',
    ]
    if hi != lo:
        parts.append(f'<text x="{x(hi):.1f}" y="{top - 18}" fill="#5b6576" text-anchor="end">{hi.isoformat()}</text>')
    for i, (d, label, kind) in enumerate(dated):
        y = top + i * row_h + row_h / 2
        cx = x(d)
        short = _fit(label, max(width - cx - 14, 80))
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6576">{d.isoformat()}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{cx:.1f}" y2="{y:.1f}" stroke="#e3e7ee"/>')
        parts.append(f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="5" fill="{colour[kind]}"><title>{escape(label)}</title></circle>')
        parts.append(f'<text x="{cx + 9:.1f}" y="{y + 4:.1f}" fill="#1d2330">{escape(short)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stories_svg(rows: list[tuple[str, str, str | None, str | None, int]], width: int = 760, row_h: int = 24) -> str:
    """rows: (link, title, first seen, last seen, independent sources), one bar per story on a
    shared date axis, from its first to its last day, thicker the more independent sources
    tell it; each bar links to ``link``. Empty when fewer than two stories are dated."""
    dated = []
    for link, title, first, last, n in rows:
        a = _d(first or "")
        if a is not None:
            dated.append((link, title, a, max(_d(last or "") or a, a), n))
    if len(dated) < 2:
        return ""
    dated.sort(key=lambda r: (r[2], r[3]))  # in the order they began
    left, right, top = 12, 12, 34
    height = top + row_h * len(dated) + 8
    axis = _BrokenAxis([(r[2], r[3]) for r in dated], left, width - right)
    x = axis.x
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Stories over time" style="width:100%;min-width:560px;height:auto;font:12px system-ui,sans-serif">',
    ]
    for k, (lo, hi, x0, x1) in enumerate(axis.segments):
        parts.append(f'<line x1="{x0:.1f}" y1="{top - 14}" x2="{x1:.1f}" y2="{top - 14}" stroke="#99a3b3"/>')
        if k:  # the break before this segment: two slanted strokes; its first day is written above
            for dx in (-axis.GAP / 2 - 3, -axis.GAP / 2 + 3):
                parts.append(f'<line x1="{x0 + dx - 3:.1f}" y1="{top - 9}" x2="{x0 + dx + 3:.1f}" y2="{top - 19}" '
                             f'stroke="#99a3b3"/>')
        parts.append(f'<text x="{x0:.1f}" y="{top - 20}" fill="#5b6576">{lo.isoformat()}</text>')
        if hi != lo and x1 - x0 >= 150:  # its last day too, where the two dates both fit
            parts.append(f'<text x="{x1:.1f}" y="{top - 20}" fill="#5b6576" text-anchor="end">{hi.isoformat()}</text>')
        # the first of each month inside the segment, where there is room for its name
        months = [date(y, m, 1) for y in range(lo.year, hi.year + 1) for m in range(1, 13) if lo < date(y, m, 1) < hi]
        step = max(1, math.ceil(len(months) / max(1, round(6 * (x1 - x0) / (width - left - right)))))
        for d in months[::step]:
            if x(d) - x0 > 90 and x1 - x(d) > 90:
                parts.append(f'<line x1="{x(d):.1f}" y1="{top - 17}" x2="{x(d):.1f}" y2="{top - 11}" stroke="#99a3b3"/>')
                parts.append(f'<text x="{x(d):.1f}" y="{top - 20}" fill="#8a93a3" text-anchor="middle">{d.strftime("%b %Y")}</text>')
    for i, (link, title, a, b, n) in enumerate(dated):
        y = top + i * row_h + row_h / 2
        x1, x2 = x(a), max(x(b), x(a) + 4)  # a one-day story still shows
        thick = min(4 + 2 * n, 14)
        room_right = width - x2 - 10  # a label may run into the margin, up to 4 px from the edge
        room_left = x1 - 10
        plate = ""
        if max(room_left, room_right) >= 100:  # beside the bar, on the roomier side
            on_right = room_right >= room_left
            short = _fit(title, room_right if on_right else room_left)
            tx, anchor = (x2 + 6, "start") if on_right else (x1 - 6, "end")
        else:  # a bar across most of the axis: the label over it, on a white plate
            short = _fit(title, width - right - x1 - 16)
            tx, anchor = x1 + 8, "start"
            plate = (f'<rect x="{tx - 3:.1f}" y="{y - 8:.1f}" width="{_text_px(short) + 6:.1f}" height="16" '
                     f'rx="3" fill="#fff" fill-opacity="0.92"/>')
        label = f"{title} ({a.isoformat()}{' – ' + b.isoformat() if b != a else ''}, {n} independent source{'s' if n != 1 else ''})"
        parts.append(
            f'<a href="{escape(link)}"><title>{escape(label)}</title>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#eef1f5"/>'
            f'<rect x="{x1:.1f}" y="{y - thick / 2:.1f}" width="{x2 - x1:.1f}" height="{thick}" rx="3" '
            f'fill="{PALETTE[0]}" fill-opacity="{min(0.35 + 0.15 * n, 1):.2f}"/>{plate}'
            f'<text x="{tx:.1f}" y="{y + 4:.1f}" fill="#1d2330" text-anchor="{anchor}">{escape(short)}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)



class _BrokenAxis:
    """A date axis from ``left`` to ``right`` px over the days the spans cover, with the long
    empty stretches between them cut out: a store that holds wire copy from 1996 and election
    coverage from 2016 would otherwise draw each year's stories as slivers at the two ends.
    A stretch breaks when it is longer than ``MIN_GAP_DAYS`` and a quarter of the whole span;
    each break takes ``GAP`` px, and each segment at least ``MIN_PX``."""

    MIN_GAP_DAYS = 60
    GAP = 26
    MIN_PX = 60

    def __init__(self, spans: list[tuple[date, date]], left: float, right: float) -> None:
        spans = sorted(spans)
        lo, hi = spans[0][0], max(b for _, b in spans)
        total = max((hi - lo).days, 1)
        runs: list[list[date]] = []
        for a, b in spans:
            if runs and (a - runs[-1][1]).days <= max(self.MIN_GAP_DAYS, total / 4):
                runs[-1][1] = max(runs[-1][1], b)
            else:
                runs.append([a, b])
        usable = right - left - self.GAP * (len(runs) - 1)
        days = [max((b - a).days, 1) for a, b in runs]
        # a segment's width follows its days, but none is narrower than MIN_PX
        floor = min(self.MIN_PX, usable / len(runs))
        spare = usable - floor * len(runs)
        widths = [floor + spare * d / sum(days) for d in days]
        self.segments: list[tuple[date, date, float, float]] = []
        x0 = left
        for (a, b), w in zip(runs, widths):
            self.segments.append((a, b, x0, x0 + w))
            x0 += w + self.GAP

    def x(self, d: date) -> float:
        for lo, hi, x0, x1 in self.segments:
            if d <= hi:
                return x0 + (x1 - x0) * max((d - lo).days, 0) / max((hi - lo).days, 1)
        return self.segments[-1][3]


@functools.cache
def _widths() -> dict[str, float]:
    """Advance widths in pixels at 12 px of DejaVu Sans, the widest of the common sans fonts
    and what Debian's Chromium draws with, so that a label cut to fit fits in the others too:
    ASCII, Latin, Greek and Cyrillic letters and news punctuation (data/label_widths.json,
    written by scripts/label_widths.py from the font)."""
    data = json.loads(resources.files("wirewatch.brief").joinpath("data/label_widths.json").read_text("utf-8"))
    return data["widths"]


def _char_px(ch: str) -> float:
    """The width in pixels of one character at 12 px (``_widths``); a character the table
    does not hold is given more than any of its kind there (a wide East Asian one 12). Until
    session 28 these were a narrower font's rough classes, and a long headline cut to fit ran
    past the chart's edge in Chromium on Debian, its ellipsis lost."""
    w = _widths().get(ch)
    if w is not None:
        return w
    if unicodedata.east_asian_width(ch) in "WF":
        return 12.0
    return 13.2 if ch.isupper() else 12.3


def _text_px(text: str) -> float:
    return sum(map(_char_px, text))


def _fit(text: str, room_px: float) -> str:
    """``text``, cut short with "…" where it would run past ``room_px``."""
    if _text_px(text) <= room_px:
        return text
    used, end = 12.0, 0  # the ellipsis
    for end, ch in enumerate(text):
        used += _char_px(ch)
        if used > room_px:
            break
    return text[:end].rstrip() + "…"


def _toward(x: float, y: float, tx: float, ty: float, by: float) -> tuple[float, float]:
    """The point ``by`` pixels from (x, y) toward (tx, ty)."""
    d = math.hypot(tx - x, ty - y) or 1
    return x + (tx - x) / d * by, y + (ty - y) / d * by


def network_svg(
    nodes: list[tuple[str, str]],
    edges: list[tuple],
    size: int = 560,
) -> str:
    """nodes: (id, label); edges: (source id, target id, label, weight[, directed]). Width =
    weight; an edge is drawn with an arrow unless its fifth item is False (a joint event:
    "Putin and Kim held talks")."""
    if not nodes or not edges:
        return ""
    import networkx as nx

    edges = [(e[0], e[1], e[2], e[3], e[4] if len(e) > 4 else True) for e in edges]
    g = nx.DiGraph()
    g.add_nodes_from(n for n, _ in nodes)
    for a, b, _, w, _ in edges:
        g.add_edge(a, b, weight=w)
    # a circle keeps every actor legible, also when the graph falls apart into components
    # (a force layout pushes components to the corners and shrinks the rest)
    pos = nx.circular_layout(sorted(g.nodes, key=lambda n: -g.degree(n, weight="weight")))
    pad = 70

    def circle(n: str) -> tuple[float, float]:
        px, py = pos[n]
        return pad + (px + 1) / 2 * (size - 2 * pad), pad + (py + 1) / 2 * (size - 2 * pad)

    # the picture is only as tall as its nodes need (two actors side by side leave no empty
    # square above and below them)
    ys = [circle(n)[1] for n in g.nodes]
    shift = min(ys) - pad
    height = max(ys) - min(ys) + 2 * pad

    def xy(n: str) -> tuple[float, float]:
        x, y = circle(n)
        return x, y - shift

    kinds = sorted({lab for _, _, lab, _, _ in edges})
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height + 40 + 16 * len(kinds):.0f}" role="img" '
        f'aria-label="Actor network" style="width:100%;max-width:{size}px;height:auto;font:12px system-ui,sans-serif">',
        '<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#7b8594"/></marker></defs>',
    ]
    # Several edges between one pair of actors (talks, a deal, a transfer) bend apart so
    # that none hides another: the k-th of n gets its own curvature.
    between = Counter(frozenset((a, b)) for a, b, *_ in edges)
    nth: Counter = Counter()
    for a, b, lab, w, directed in edges:
        pair = frozenset((a, b))
        k, n = nth[pair], between[pair]
        nth[pair] += 1
        (x1, y1), (x2, y2) = xy(a), xy(b)
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1
        # offset of the control point, perpendicular to the line, the same side whichever way
        # the edge runs (so an edge A->B and one B->A do not cancel out)
        sign = 1 if (a, b) == tuple(sorted((a, b))) else -1
        bend = (k - (n - 1) / 2) * 40 * sign
        px, py = -dy / dist, dx / dist  # unit normal to the line
        cx, cy = (x1 + x2) / 2 + px * bend, (y1 + y2) / 2 + py * bend
        # each edge keeps its own lane at both ends, and ends along its own curve, so the
        # arrowheads of several edges into one actor sit side by side, not on one point
        lane = max(-12.0, min(12.0, bend * 0.3))  # near enough to read as touching the node
        x1, y1 = _toward(x1 + px * lane, y1 + py * lane, cx, cy, 12)
        x2s, y2s = _toward(x2 + px * lane, y2 + py * lane, cx, cy, 14 if directed else 12)
        arrow = ' marker-end="url(#arr)"' if directed else ' stroke-dasharray="8 4"'
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2s:.1f},{y2s:.1f}" fill="none" stroke="{colour[lab]}" '
            f'stroke-width="{1.5 + 1.5 * min(w, 5):.1f}" stroke-opacity="0.75"{arrow}>'
            f"<title>{escape(lab)} ×{w}{'' if directed else ' (joint)'}</title></path>"
        )
    for n, label in nodes:
        x, y = xy(n)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="#14213d"/>')
        # a label centred on a node near the edge would be cut off ("bdel Fattah al-Burhan"):
        # there it starts (or ends) at the node instead
        half = 0.53 * _text_px(label)  # about half its width in 12px bold
        tx, anchor = x, "middle"
        if x - half < 4:
            tx, anchor = max(4.0, x - 12), "start"
        elif x + half > size - 4:
            tx, anchor = min(size - 4.0, x + 12), "end"
        parts.append(f'<text x="{tx:.1f}" y="{y - 17:.1f}" text-anchor="{anchor}" fill="#1d2330" '
                     f'font-weight="600">{escape(label)}</text>')
    for i, k in enumerate(kinds):
        y = round(height) + 12 + 16 * i
        parts.append(f'<rect x="12" y="{y - 9}" width="18" height="6" fill="{colour[k]}"/>')
        parts.append(f'<text x="36" y="{y - 2}" fill="#1d2330">{escape(k)}</text>')
    if not all(directed for *_, directed in edges):
        y = round(height) + 12 + 16 * len(kinds)
        parts.append(f'<line x1="12" y1="{y - 6}" x2="30" y2="{y - 6}" stroke="#7b8594" stroke-width="3" '
                     'stroke-dasharray="8 4"/>')
        parts.append(f'<text x="36" y="{y - 2}" fill="#1d2330">dashed: a joint event (they met, agreed…)</text>')
    parts.append("</svg>")
    return "".join(parts)
