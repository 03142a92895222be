#!/usr/bin/env bash
# Redraw the README's two pictures from the sample corpus's briefing, with headless Chromium
# (Debian: apt install chromium). Run scripts/demo.sh first; it writes out/.
#
#   docs/img/briefing.png  the index page, 1100 x 1700
#   docs/img/story.png     one story's report (the Kim-Putin summit), with the sections a
#                          reader would scroll past folded away: key points, events with who
#                          says so, the actor network and a disputed point stay
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out}
STORY=${STORY:-st-03da76580b15}
BROWSER=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$BROWSER" ]; then
    echo "screenshots: no Chromium found (apt install chromium)" >&2
    exit 1
fi
if [ ! -f "$OUT/index.html" ] || [ ! -f "$OUT/stories/$STORY.html" ]; then
    echo "screenshots: $OUT/index.html or $OUT/stories/$STORY.html is missing; run scripts/demo.sh first" >&2
    exit 1
fi

shoot() {  # shoot PAGE PNG WIDTH HEIGHT
    "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size="$3,$4" --screenshot="$2" "file://$(realpath "$1")" 2>/dev/null
}

shoot "$OUT/index.html" docs/img/briefing.png 1100 1700
# the story page with some sections hidden; a copy beside the original keeps its relative links
sed 's|</head>|<style>#latest,#actors,#claims,#sanctions,#timeline,#sources-list{display:none}</style></head>|' \
    "$OUT/stories/$STORY.html" > "$OUT/stories/.screenshot.html"
shoot "$OUT/stories/.screenshot.html" docs/img/story.png 1000 2350
rm -f "$OUT/stories/.screenshot.html"
echo "wrote docs/img/briefing.png and docs/img/story.png"
