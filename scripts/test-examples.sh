#!/usr/bin/env bash
# The recipes as users follow them (examples/python, examples/go; `.ci/run` runs this after
# `npm run test:sdks`): the packed tarball (`npm pack`) is installed into each example with
# `npm install`, so the emulator's bin is the example's node_modules/.bin/stigg-emulator, started
# without npx. Each suite runs twice: its own fixture or TestMain starts and stops the emulator,
# then `stigg-emulator exec -- <test command>` runs it around the suite. After each run nothing of
# the emulator may be left running (no process started from the example's node_modules).
#
#   bash scripts/test-examples.sh            (needs python3 with venv, go, and the npm and PyPI registries)
#
# Environment (optional): PYTHON (default python3), EXAMPLES="python go" (which to run),
# STIGG_API_CLIENT_GO_DIR (a checkout of api-client-go v6.21.0; default ../shared/vendor/api-client-go-v6.21.0
# when the Go module proxy does not serve the client). The Testcontainers variants
# (examples/*/testcontainers) are skipped here: they need a built image (CI does not pull images).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

python=${PYTHON:-python3}
examples=${EXAMPLES:-python go}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# processes started from an example's node_modules (the emulator's bin, or node running it)
leftovers() {
  local dir=$1 pid cmd
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = "$$" ] && continue
    cmd=$(tr "\\0" " " 2>/dev/null < "/proc/$pid/cmdline") || continue
    case $cmd in *"$dir/node_modules/"*|*"node_modules/.bin/stigg-emulator"*) [ -d "/proc/$pid" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != "Z" ] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$dir" ] && echo "$pid $cmd" ;; esac
  done
}
# nothing left within 2 s of the run's end
check_nothing_left() {
  local dir=$1 what=$2 left deadline=$(( $(date +%s%3N) + 2000 ))
  while :; do
    left=$(leftovers "$dir")
    [ -z "$left" ] && { echo "nothing left running after $what"; return 0; }
    [ "$(date +%s%3N)" -gt "$deadline" ] && break
    sleep 0.1
  done
  echo "$left" >&2
  for pid in $(echo "$left" | cut -d' ' -f1); do kill -KILL "$pid" 2>/dev/null || true; done
  fail "$what left the emulator running"
}

step "build and pack"
npm run build --silent
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stigg-emulator-examples.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
TARBALL=$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -n 1)
[ -f "$TARBALL" ] || fail "npm pack produced no tarball"

install_emulator() { # the recipe's first step: the tarball into the project, its bin in node_modules/.bin
  local dir=$1
  mkdir -p "$dir/npm-packages"
  cp "$TARBALL" "$dir/npm-packages/stigg-emulator.tgz"
  rm -rf "$dir/node_modules/stigg-emulator"
  (cd "$dir" && npm install --no-package-lock --silent)
  [ -x "$dir/node_modules/.bin/stigg-emulator" ] || fail "npm install left no node_modules/.bin/stigg-emulator in $dir"
  echo "installed: $("$dir/node_modules/.bin/stigg-emulator" --version)"
}

run_python() {
  local dir=$ROOT/examples/python venv=$ROOT/examples/python/.venv
  command -v "$python" >/dev/null 2>&1 || fail "missing on PATH: $python (Python 3.9+ with venv)"
  step "examples/python: install the emulator (npm install of the packed tarball) and the SDK (pip)"
  install_emulator "$dir"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || fail "$python -m venv failed (on Debian: apt-get install python3-venv)"
  if ! cmp -s "$dir/requirements.txt" "$venv/.requirements"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$dir/requirements.txt" || fail "pip install failed"
    cp "$dir/requirements.txt" "$venv/.requirements"
  fi
  step "examples/python: pytest (the session fixture starts and stops the emulator)"
  (cd "$dir" && "$venv/bin/python" -m pytest -q)
  check_nothing_left "$dir" "pytest"
  step "examples/python: stigg-emulator exec -- python -m pytest"
  (cd "$dir" && node_modules/.bin/stigg-emulator exec -- "$venv/bin/python" -m pytest -q)
  check_nothing_left "$dir" "exec -- pytest"
}

run_go() {
  local dir=$ROOT/examples/go flags=() client_dir=""
  command -v go >/dev/null 2>&1 || fail "missing on PATH: go (Go 1.22+)"
  step "examples/go: install the emulator (npm install of the packed tarball)"
  install_emulator "$dir"
  # Stigg's Go client: from the module proxy, else a checkout of v6.21.0 through a replace directive
  # in a temporary go.mod (as scripts/test-sdks.sh does)
  if [ -n "${STIGG_API_CLIENT_GO_DIR:-}" ]; then
    client_dir=$STIGG_API_CLIENT_GO_DIR
  elif ! (cd "$dir" && go mod download github.com/stiggio/api-client-go/v6 >/dev/null 2>&1); then
    client_dir=$ROOT/../shared/vendor/api-client-go-v6.21.0
    [ -f "$client_dir/go.mod" ] || fail "the Go module proxy does not serve github.com/stiggio/api-client-go/v6; set STIGG_API_CLIENT_GO_DIR to a checkout of its v6.21.0 release"
  fi
  if [ -n "$client_dir" ]; then
    client_dir=$(cd "$client_dir" && pwd)
    cp "$dir/go.mod" "$WORK/go.mod"
    cp "$dir/go.sum" "$WORK/go.sum"
    (cd "$dir" && go mod edit -modfile="$WORK/go.mod" -replace "github.com/stiggio/api-client-go/v6=$client_dir")
    flags=(-modfile="$WORK/go.mod")
    echo "Go client: $client_dir (replace directive)"
  fi
  step "examples/go: go test (TestMain starts and stops the emulator)"
  (cd "$dir" && go test "${flags[@]}" -count=1 ./...)
  check_nothing_left "$dir" "go test"
  step "examples/go: stigg-emulator exec -- go test"
  (cd "$dir" && node_modules/.bin/stigg-emulator exec -- go test "${flags[@]}" -count=1 ./...)
  check_nothing_left "$dir" "exec -- go test"
}

for e in $examples; do
  case $e in python | go) "run_$e" ;; *) fail "unknown example '$e' in EXAMPLES (python, go)" ;; esac
done
printf '\nPASS: examples (%s) ran from the packed tarball, their own start and exec, and left nothing running\n' "$examples"
