#!/usr/bin/env bash
# The browser suite (vitest.browser.config.ts, test-browser/): the official browser SDK and
# GraphiQL in headless Chromium, driven by playwright-core. Uses Debian's Chromium; installs it
# with apt-get when it is missing (or set CHROMIUM_PATH to another Chromium). No browser download.
#
#   bash scripts/test-browser.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

. scripts/lib/chromium.sh
echo "Chromium: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"

# GraphiQL is tested from the built package: build when the build is older than the sources
node scripts/build-state.mjs --build >/dev/null

npx vitest run -c vitest.browser.config.ts
