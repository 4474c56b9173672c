#!/usr/bin/env bash
# The inspector's browser suite (vitest.ui.config.ts, test-ui/): the inspector at /_emulator/ui in
# headless Chromium, driven by playwright-core, against an emulator started in process (no build
# needed). Uses Debian's Chromium; installs it with apt-get when it is missing (or set
# CHROMIUM_PATH to another Chromium). No browser download. Screenshots go to docs/screenshots/latest/
# (UPDATE_SCREENSHOTS=1: docs/screenshots/, where the README's are kept).
#
#   npm run test:ui
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

. scripts/lib/chromium.sh

npx vitest run -c vitest.ui.config.ts "$@"
