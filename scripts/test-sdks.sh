#!/usr/bin/env bash
# The SDK conformance suites: the examples of Stigg's Python and Go SDK pages, run through Stigg's
# own clients against the built emulator (`npm run test:sdks`).
#
#   sdk-tests/python  pytest on stigg-api-client-v2 (pinned in requirements.txt), in a virtual
#                     environment created here (sdk-tests/python/.venv)
#   sdk-tests/go      go test on api-client-go v6 (its own go.mod)
#
# Each suite starts the emulator itself (a pytest session fixture, a Go TestMain) on a free port;
# this script starts nothing. It builds dist/ when it is missing or older than the sources.
# Needs node, python3 (with venv) and go on PATH; a missing one fails the run with its name.
#
# Environment (optional): PYTHON (default python3), SDK_SUITES="python go" (which to run),
# STIGG_API_CLIENT_GO_DIR (a checkout of api-client-go v6.21.0, used instead of the module proxy).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

python=${PYTHON:-python3}
suites=${SDK_SUITES:-python go}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

fail() { echo "test-sdks: $*" >&2; exit 1; }

missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Node.js 20+)")
for s in $suites; do
  case $s in
    python) command -v "$python" >/dev/null 2>&1 || missing+=("$python (Python 3.9+ with venv)") ;;
    go) command -v go >/dev/null 2>&1 || missing+=("go (Go 1.22+)") ;;
    *) fail "unknown suite '$s' in SDK_SUITES (python, go)" ;;
  esac
done
[ ${#missing[@]} -eq 0 ] || fail "missing on PATH: ${missing[*]}"

# --- the emulator bundle ---------------------------------------------------------------------------
bundle=dist/stigg-emulator.mjs
if [ ! -f "$bundle" ] || [ -n "$(find src schema fixtures package.json -newer "$bundle" -type f -print -quit)" ]; then
  echo "test-sdks: building the emulator (npm run build)"
  npm run build --silent || fail "npm run build failed"
fi

status=0
summary=()

# --- Python ------------------------------------------------------------------------------------------
run_python() {
  local dir=sdk-tests/python venv=sdk-tests/python/.venv
  local stamp=$venv/.requirements
  if [ ! -x "$venv/bin/python" ]; then
    echo "test-sdks: creating $venv"
    "$python" -m venv "$venv" || fail "$python -m venv failed (on Debian: apt-get install python3-venv)"
  fi
  if ! cmp -s "$dir/requirements.txt" "$stamp"; then
    echo "test-sdks: installing $dir/requirements.txt"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$dir/requirements.txt" \
      || fail "pip install -r $dir/requirements.txt failed"
    cp "$dir/requirements.txt" "$stamp"
  fi
  echo "test-sdks: pytest $dir"
  (cd "$dir" && .venv/bin/python -m pytest -p no:cacheprovider -q) 2>&1 | tee "$logs/python.log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
  summary+=("$(sed -n '/Python SDK (stigg-api-client-v2/,/short test summary\|passed in\|failed in\|xfailed in/p' "$logs/python.log" | sed '/^$/d; /short test summary/d; / in [0-9.]*s/d; s/^=\{1,\} \(.*\) =\{1,\}$/== \1 ==/')")
  [ "$rc" -eq 0 ] || summary+=("  pytest exited $rc")
}

# --- Go --------------------------------------------------------------------------------------------------
# The Go client comes from the Go module proxy. Where the proxy does not serve it (at the time of
# writing it refuses every version of github.com/stiggio/api-client-go), a checkout of its v6.21.0
# release is used through a replace directive in a temporary go.mod: STIGG_API_CLIENT_GO_DIR when
# set (it then wins over the proxy), else the workspace's vendored copy beside the repository
# (../shared/vendor/api-client-go-v6.21.0). With neither, the Go suite is reported as blocked, not
# failed.
go_vendored=$repo/../shared/vendor/api-client-go-v6.21.0
run_go() {
  local flags=() client_dir=""
  if [ -n "${STIGG_API_CLIENT_GO_DIR:-}" ]; then
    [ -f "$STIGG_API_CLIENT_GO_DIR/go.mod" ] || fail "STIGG_API_CLIENT_GO_DIR=$STIGG_API_CLIENT_GO_DIR has no go.mod (a checkout of api-client-go v6.21.0 expected)"
    client_dir=$STIGG_API_CLIENT_GO_DIR
  elif ! (cd sdk-tests/go && go mod download github.com/stiggio/api-client-go/v6 >/dev/null 2>&1); then
    if [ -f "$go_vendored/go.mod" ]; then
      client_dir=$go_vendored
      echo "test-sdks: the Go module proxy does not serve github.com/stiggio/api-client-go/v6; using $(cd "$client_dir" && pwd)"
    else
      echo "test-sdks: BLOCKED: the Go module proxy does not serve github.com/stiggio/api-client-go/v6;" \
        "set STIGG_API_CLIENT_GO_DIR to a checkout of its v6.21.0 release to run the Go suite"
      summary+=("== Go SDK (api-client-go v6.21.0): blocked, the module is not served by the Go module proxy ==")
      return
    fi
  fi
  if [ -n "$client_dir" ]; then
    local modfile=$logs/go.mod
    client_dir=$(cd "$client_dir" && pwd) # a relative path is relative to the repository root
    cp sdk-tests/go/go.mod "$modfile"
    cp sdk-tests/go/go.sum "$logs/go.sum"
    (cd sdk-tests/go && go mod edit -modfile="$modfile" -replace "github.com/stiggio/api-client-go/v6=$client_dir")
    flags=(-modfile="$modfile")
  fi
  echo "test-sdks: go test sdk-tests/go"
  # no package argument: go test streams the tests' output (TestMain prints the summary)
  (cd sdk-tests/go && go test "${flags[@]}" -count=1 -timeout 10m) 2>&1 | tee "$logs/go.log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
  summary+=("$(sed -n '/^== Go SDK/,/^\(ok\|FAIL\|PASS\)/p' "$logs/go.log" | grep -v '^\(ok\|FAIL\|PASS\)')")
  [ "$rc" -eq 0 ] || summary+=("  go test exited $rc")
}

for s in $suites; do "run_$s"; done

echo
echo "=== SDK conformance summary ==="
for line in "${summary[@]}"; do printf '%s\n' "$line"; done
total_passed=0 total_failed=0 total_xfail=0
while read -r p x f; do
  total_passed=$((total_passed + p)) total_xfail=$((total_xfail + x)) total_failed=$((total_failed + f))
done < <(printf '%s\n' "${summary[@]}" | sed -n 's/^passed: \([0-9]*\), expected failures: \([0-9]*\), failed: \([0-9]*\)$/\1 \2 \3/p')
[ "$status" -eq 0 ] || [ "$total_failed" -gt 0 ] || total_failed=1
echo "sdk-tests: $total_passed passed, $total_failed failed, $total_xfail skipped"
exit "$status"
