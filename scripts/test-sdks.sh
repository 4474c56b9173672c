#!/usr/bin/env bash
# The SDK conformance suites: the examples of Stigg's Python and Go SDK pages, run through Stigg's
# own clients against the built emulator (`npm run test:sdks`).
#
#   sdk-tests/python  pytest on stigg-api-client-v2 (pinned in requirements.txt), in a virtual
#                     environment created here (sdk-tests/python/.venv)
#   sdk-tests/go      go test on api-client-go v6 (its own go.mod)
#   sdk-tests/python-rest      pytest on Stigg's Python REST SDK `stigg` (pinned in requirements.txt),
#                              in a virtual environment of its own (sdk-tests/python-rest/.venv)
#   sdk-tests/typescript-rest  Vitest on Stigg's TypeScript REST SDK (@stigg/typescript, not on the
#                              npm registry: STIGG_TYPESCRIPT_SDK_DIR, else the vendored copy beside
#                              the repository; blocked, not failed, when neither exists)
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
suites=${SDK_SUITES:-python go python-rest typescript-rest}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

fail() { echo "test-sdks: $*" >&2; exit 1; }

missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Node.js 20+)")
for s in $suites; do
  case $s in
    python) command -v "$python" >/dev/null 2>&1 || missing+=("$python (Python 3.9+ with venv)") ;;
    go) command -v go >/dev/null 2>&1 || missing+=("go (Go 1.22+)") ;;
    python-rest) command -v "$python" >/dev/null 2>&1 || missing+=("$python (Python 3.9+ with venv)") ;;
    typescript-rest) ;;
    *) fail "unknown suite '$s' in SDK_SUITES (python, go, python-rest, typescript-rest)" ;;
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
run_python() { run_pytest sdk-tests/python 'Python SDK (stigg-api-client-v2'; }
run_python-rest() { run_pytest sdk-tests/python-rest 'Python REST SDK (stigg'; }
run_pytest() {
  local dir=$1 title=$2 venv=$1/.venv
  local log=$logs/$(basename "$dir").log
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
  (cd "$dir" && .venv/bin/python -m pytest -p no:cacheprovider -q) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
  summary+=("$(sed -n "/$title/,/short test summary\\|passed in\\|failed in\\|xfailed in/p" "$log" | sed '/^$/d; /short test summary/d; / in [0-9.]*s/d; s/^=\{1,\} \(.*\) =\{1,\}$/== \1 ==/')")
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

# --- TypeScript REST SDK ---------------------------------------------------------------------------------
# @stigg/typescript is not on the npm registry: its sources come from STIGG_TYPESCRIPT_SDK_DIR, else
# from the vendored copy beside the repository (../shared/vendor/stigg-typescript-0.1.0-beta.51).
ts_vendored=$repo/../shared/vendor/stigg-typescript-0.1.0-beta.51
run_typescript-rest() {
  if [ -z "${STIGG_TYPESCRIPT_SDK_DIR:-}" ] && [ ! -f "$ts_vendored/src/index.ts" ]; then
    echo "test-sdks: BLOCKED: @stigg/typescript is not on the npm registry; set STIGG_TYPESCRIPT_SDK_DIR to a checkout of stigg-typescript 0.1.0-beta.51"
    summary+=("== TypeScript REST SDK (@stigg/typescript 0.1.0-beta.51): blocked, the SDK's sources are not available ==")
    return
  fi
  echo "test-sdks: vitest sdk-tests/typescript-rest"
  npx vitest run --config sdk-tests/typescript-rest/vitest.config.ts 2>&1 | tee "$logs/typescript-rest.log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
  local passed failed
  sed -i 's/\x1b\[[0-9;]*m//g' "$logs/typescript-rest.log"
  passed=$(sed -n 's/.*Tests .* \([0-9][0-9]*\) passed.*/\1/p' "$logs/typescript-rest.log" | tail -1)
  failed=$(sed -n 's/.*Tests .* \([0-9][0-9]*\) failed.*/\1/p' "$logs/typescript-rest.log" | tail -1)
  summary+=("== TypeScript REST SDK (@stigg/typescript 0.1.0-beta.51) ==" "passed: ${passed:-0}, expected failures: 0, failed: ${failed:-0}")
  [ "$rc" -eq 0 ] || summary+=("  vitest exited $rc")
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
