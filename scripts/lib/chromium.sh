# Sourced by the browser suites: finds Debian's Chromium (or CHROMIUM_PATH), installs it with
# apt-get when it is missing, and exports CHROMIUM_PATH. Never downloads a browser.
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
