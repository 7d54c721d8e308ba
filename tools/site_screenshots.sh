#!/usr/bin/env bash
# Publish the site of the packaged graph and take the documentation's screenshots of it with
# headless Chromium (Debian's `chromium`): the index, a member's page and a theme's page.
#   tools/site_screenshots.sh [OUT_DIR]   (default docs/_static)
set -euo pipefail
out="${1:-docs/_static}"
site="$(mktemp -d)/site"
trap 'rm -rf "$(dirname "$site")"' EXIT
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}" terve-kunta publish "$site"
shot() {  # FILE PAGE HEIGHT
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="1280,$3" \
        --screenshot="$1" "file://$site/$2" 2>/dev/null
}
shot "$out/site-index.png" index.html 1500
shot "$out/site-member.png" id/municipality/297.html 1150
shot "$out/site-theme.png" id/theme/supporting-municipalities.html 1100
ls -l "$out"/site-*.png
