#!/usr/bin/env bash
# Renders `upsc paper --format html` to PDF and PNG with headless Chromium, to check by
# eye how a paper prints as a booklet: the cover (Test Booklet Series, GENERAL STUDIES
# Paper I, time allowed, maximum marks, the instructions with the penalty for wrong
# answers), A4 pages numbered "Page N of M" with the running footer in the bottom margin
# (printed by the page's own CSS, not by the browser: Chromium's header and footer are
# turned off), no question split across two pages, tables as tables, the answer grid
# on a page of its own, the key after it.
#
# Not part of `cargo test`; tests/booklet.rs checks the same things (page count, cover
# text, page numbers, how full each page is) when Chromium is installed. Needs Chromium
# and poppler-utils: `apt-get install chromium poppler-utils` on Debian.
#
#   benches/render-paper.sh [OUT-DIR]        (default: target/paper-render)
#
# Writes, for the two fixture papers (in the order written) and a 100-question draw
# from the bundled decks (seed 2025):
#   NAME.html  the page as upsc writes it
#   NAME.pdf   printed by Chromium (A4, the page's own margins)
#   NAME.png   the first screen of the page, 1240 px wide
#   NAME-NN.png  every printed page, at 50 dpi (pdftoppm)
# and prints each PDF's page count and how far down its printable area each page is
# filled. Open the PNGs and look: the cover, every question whole on one page, no page
# of questions but the last mostly blank, the grid's rows with four bubbles, the key on
# its own page after the grid.
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-target/paper-render}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser="$candidate"
    break
  fi
done
if [ -z "$browser" ]; then
  echo "render-paper: no Chromium found; install it (apt-get install chromium poppler-utils) or open the HTML in a browser and print it" >&2
  exit 2
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "render-paper: no pdftoppm found; install poppler-utils (apt-get install poppler-utils)" >&2
  exit 2
fi

cargo build --quiet
upsc="target/debug/upsc"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export UPSC_HOME="$home"

"$upsc" --decks tests/fixtures/paper2025 paper --in-order --key --format html --out "$out/paper2025.html"
"$upsc" --decks tests/fixtures/paper2024 paper --in-order --key --format html --out "$out/paper2024.html"
"$upsc" paper --seed 2025 --key --format html --out "$out/bundled-100.html"

# Chromium refuses its sandbox as root; a throwaway profile keeps runs independent.
flags=(--headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars
  --user-data-dir="$home/chromium" --no-pdf-header-footer)

for name in paper2025 paper2024 bundled-100; do
  page="file://$out/$name.html"
  "$browser" "${flags[@]}" --print-to-pdf="$out/$name.pdf" "$page" 2>/dev/null
  "$browser" "${flags[@]}" --window-size=1240,1754 --screenshot="$out/$name.png" "$page" 2>/dev/null
  pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ { print $2 }')
  rm -f "$out/$name"-*.png
  pdftoppm -r 50 -png "$out/$name.pdf" "$out/$name"
  # How far down the printable area (13 mm top margin, 17 mm bottom) each page's
  # lowest word reaches, the footer aside: 100% is a full page.
  fills=$(pdftotext -bbox "$out/$name.pdf" - | awk '
    /<page / { if (n) printf "%d%% ", 100 * (low - top) / (bottom - top);
               match($0, /height="[0-9.]+"/); h = substr($0, RSTART + 8, RLENGTH - 9);
               top = 13 * 72 / 25.4; bottom = h - 17 * 72 / 25.4; low = top; n++ }
    /<word / { match($0, /yMax="[0-9.]+"/); y = substr($0, RSTART + 6, RLENGTH - 7) + 0;
               if (y <= bottom + 1 && y > low) low = y }
    END { if (n) printf "%d%%\n", 100 * (low - top) / (bottom - top) }')
  echo "$name: $out/$name.pdf ($pages A4 pages), $out/$name.png, $out/$name-NN.png"
  echo "  pages filled: $fills"
done
