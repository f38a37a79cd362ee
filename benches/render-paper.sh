#!/usr/bin/env bash
# Renders `upsc paper --format html` to PDF and PNG with headless Chromium, to check by
# eye how a paper prints: A4 pages, no question split across two pages, tables as
# tables, the answer grid on a page of its own, the key after it.
#
# Not part of `cargo test` (it needs Chromium: `apt-get install chromium` on Debian).
#
#   benches/render-paper.sh [OUT-DIR]        (default: target/paper-render)
#
# Writes, for the two fixture papers (in the order written) and a 100-question draw
# from the bundled decks (seed 2025):
#   NAME.html  the page as upsc writes it
#   NAME.pdf   printed by Chromium (A4, the page's own margins)
#   NAME.png   the first screen of the page, 1240 px wide
# and prints each PDF's page count. Open the PDFs and look: every question whole on one
# page, the grid's rows with four bubbles, the key after the grid.
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
  echo "render-paper: no Chromium found; install it (apt-get install chromium) or open the HTML in a browser and print it" >&2
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
  pages=$(grep -a -c '/Type /Page$\|/Type /Page[^s]' "$out/$name.pdf" || true)
  echo "$name: $out/$name.pdf ($pages A4 pages), $out/$name.png"
done
