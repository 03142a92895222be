"""Write src/wirewatch/brief/data/label_widths.json: the advance width, in pixels at 12 px, of
each character the charts' labels commonly hold, read from DejaVu Sans (the widest of the
common sans fonts, and what Debian's Chromium draws with), rounded up to a tenth.

    pip install pillow   # not a wirewatch dependency: this script runs once, by hand
    python scripts/label_widths.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

Characters: printable ASCII, Latin-1 and Latin Extended-A, Greek and Cyrillic letters, and
the typographic punctuation news headlines use. charts.py reads the file; any other character
gets a width above every one of its kind here.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from PIL import ImageFont

OUT = Path(__file__).resolve().parents[1] / "src/wirewatch/brief/data/label_widths.json"
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x17F), (0x391, 0x3C9), (0x400, 0x45F)]
EXTRA = "‐‑–—‘’‚“”„…′″€£¥°•·×÷"


def main(font_path: str) -> None:
    font = ImageFont.truetype(font_path, 12)
    chars = [chr(c) for lo, hi in RANGES for c in range(lo, hi + 1) if chr(c).isprintable()] + list(EXTRA)
    widths = {ch: math.ceil(font.getlength(ch) * 10) / 10 for ch in chars}
    OUT.write_text(json.dumps({"font": "DejaVu Sans", "size_px": 12, "widths": widths},
                              ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(widths)} characters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
