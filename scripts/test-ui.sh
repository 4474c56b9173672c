#!/usr/bin/env bash
# The inspector's browser suite (vitest.ui.config.ts, test-ui/): the inspector at /_emulator/ui in
# headless Chromium, driven by playwright-core, against an emulator started in process (no build
# needed). Uses Debian's Chromium; installs it with apt-get when it is missing (or set
# CHROMIUM_PATH to another Chromium). No browser download. Screenshots go to docs/screenshots/.
#
#   npm run test:ui
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

chromium_path=${CHROMIUM_PATH:-}
if [ -z "$chromium_path" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then chromium_path=$candidate; break; fi
  done
fi
if [ -z "$chromium_path" ]; then
  echo "Chromium is missing: installing Debian's chromium with apt-get"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
  chromium_path=/usr/bin/chromium
fi
export CHROMIUM_PATH=$chromium_path

npx vitest run -c vitest.ui.config.ts "$@"
