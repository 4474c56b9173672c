#!/usr/bin/env bash
# Builds the Docker image and checks it end to end:
#   - time from `docker run` to /_emulator/ready answering 200 (must be under READY_BUDGET_MS)
#   - one GraphQL call with the local server key
#   - the HEALTHCHECK turns the container "healthy"
#   - `docker stop` ends the container with exit code 0
#   - no orphan: stopping the `docker run` client a recipe holds stops and removes the container
#     within 2 s: SIGTERM to a foreground `docker run --rm` (the signal is proxied), and SIGKILL to a
#     `docker run --rm -i` with STIGG_EMULATOR_EXIT_ON_STDIN_CLOSE=1 (the container's stdin closes)
#
# Environment (all optional):
#   NODE_IMAGE                  base image; default node:22-bookworm-slim, or an offline stand-in
#                               when that image is neither present nor pullable
#   IMAGE_TAG                   tag of the built image (default stigg-emulator:test)
#   STIGG_DOCKERD_SCRIPT        script that starts a Docker engine when none answers
#                               (default ../shared/tools/start-dockerd.sh, relative to the repository)
#   STIGG_OFFLINE_IMAGE_SCRIPT  script that builds a stand-in base image, given its tag as argument
#                               (default ../shared/tools/offline-node-image.sh, relative to the repository)
#   OFFLINE_NODE_IMAGE          tag for that stand-in (default local/node:bookworm-slim)
#   NPM_CONFIG_REGISTRY         npm registry for the build (default: `npm config get registry` when npm exists)
#   DOCKER_CA_FILE              extra CA bundle the build needs to reach the registry (default:
#                               $NODE_EXTRA_CA_CERTS); layered onto the base image of this test build
#                               only (so it is in the test image, never in the Dockerfile)
#   TEST_PORT                   host port for the container (default: a free one)
#   READY_BUDGET_MS             default 3000
#   KEEP_IMAGE=0                remove the built image at the end
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

image_tag=${IMAGE_TAG:-stigg-emulator:test}
ready_budget_ms=${READY_BUDGET_MS:-3000}
default_base=node:22-bookworm-slim
offline_tag=${OFFLINE_NODE_IMAGE:-local/node:bookworm-slim}
dockerd_script=${STIGG_DOCKERD_SCRIPT:-$repo/../shared/tools/start-dockerd.sh}
offline_script=${STIGG_OFFLINE_IMAGE_SCRIPT:-$repo/../shared/tools/offline-node-image.sh}
container=stigg-emulator-test-$$
foreground=stigg-emulator-test-fg-$$
holder_pids=()
ca_base_tag=stigg-emulator-test-base:$$
failures=0

info() { printf '==> %s\n' "$*"; }
pass() { printf 'PASS: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

cleanup() {
  local status=$?
  if docker container inspect "$container" >/dev/null 2>&1; then
    if [ "$status" -ne 0 ] || [ "$failures" -ne 0 ]; then
      echo "---- container logs (last 40 lines) ----" >&2
      docker logs --tail 40 "$container" >&2 2>&1 || true
      echo "----------------------------------------" >&2
    fi
    docker rm -f "$container" >/dev/null 2>&1 || true
  fi
  for pid in "${holder_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  docker rm -f "$foreground" >/dev/null 2>&1 || true
  docker image rm "$ca_base_tag" >/dev/null 2>&1 || true
  if [ "${KEEP_IMAGE:-1}" = "0" ]; then docker image rm "$image_tag" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v docker >/dev/null 2>&1 || die "the docker CLI is not installed"
command -v curl >/dev/null 2>&1 || die "curl is needed on the host"

# --- 1. engine ------------------------------------------------------------------------------------
# An engine that was killed (not stopped) leaves its pid files behind. When such a pid has since
# been reused by another process, a new dockerd believes containerd still runs, waits for its
# socket and gives up ("timeout waiting for containerd to start"). Pid files whose process is not
# the daemon they name are removed before an engine is started.
clear_stale_engine_pids() {
  local file expect pid comm
  for entry in /var/run/docker/containerd/containerd.pid:containerd /var/run/docker.pid:dockerd; do
    file=${entry%%:*}; expect=${entry##*:}
    [ -f "$file" ] || continue
    pid=$(cat "$file" 2>/dev/null || true)
    comm=$( [ -n "$pid" ] && cat "/proc/$pid/comm" 2>/dev/null || true)
    if [ "$comm" != "$expect" ]; then
      info "removing stale $(basename "$file") (pid ${pid:-none} is ${comm:-not running})"
      rm -f "$file" 2>/dev/null || true
    fi
  done
}
stop_failed_engine() {
  local pid
  pid=$(cat /tmp/dockerd.pid 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = dockerd ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
  fi
}

if ! docker info >/dev/null 2>&1; then
  if [ -x "$dockerd_script" ] || [ -f "$dockerd_script" ]; then
    info "no Docker engine answers; starting one with $(basename "$dockerd_script")"
    started=0
    for attempt in 1 2 3; do
      clear_stale_engine_pids
      if bash "$dockerd_script"; then started=1; break; fi
      info "the engine did not start (attempt $attempt of 3); retrying"
      stop_failed_engine
    done
    [ "$started" = 1 ] || die "could not start a Docker engine (set STIGG_DOCKERD_SCRIPT or start one yourself)"
  else
    die "no Docker engine answers and no start script found (set STIGG_DOCKERD_SCRIPT or start Docker yourself)"
  fi
  docker info >/dev/null 2>&1 || die "the Docker engine still does not answer"
fi
pass "Docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers"

# --- 2. base image --------------------------------------------------------------------------------
if [ -n "${NODE_IMAGE:-}" ]; then
  base=$NODE_IMAGE
  docker image inspect "$base" >/dev/null 2>&1 || docker pull "$base" || die "base image $base is neither present nor pullable"
elif docker image inspect "$default_base" >/dev/null 2>&1; then
  base=$default_base
elif timeout 120 docker pull -q "$default_base" >/dev/null 2>&1; then
  base=$default_base
else
  info "$default_base cannot be pulled; using the offline stand-in $offline_tag"
  if ! docker image inspect "$offline_tag" >/dev/null 2>&1; then
    [ -f "$offline_script" ] || die "no base image: $default_base cannot be pulled and no stand-in script found (set NODE_IMAGE or STIGG_OFFLINE_IMAGE_SCRIPT)"
    bash "$offline_script" "$offline_tag" || die "building the stand-in base image failed"
  fi
  base=$offline_tag
fi
pass "base image: $base"

# An extra CA (e.g. a TLS-inspecting proxy in front of the registry) is layered onto the base for this
# build only, unless the base already trusts it; the Dockerfile itself stays generic.
ca_file=${DOCKER_CA_FILE:-${NODE_EXTRA_CA_CERTS:-}}
base_env=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$base")
if [ -n "$ca_file" ] && [ -f "$ca_file" ] && ! grep -q '^NODE_EXTRA_CA_CERTS=' <<<"$base_env"; then
  info "adding the CA bundle $ca_file to the base image for this build"
  ctx=$(mktemp -d)
  cp "$ca_file" "$ctx/extra-ca.crt"
  printf 'FROM %s\nCOPY extra-ca.crt /usr/local/share/stigg-emulator-test/extra-ca.crt\nENV NODE_EXTRA_CA_CERTS=/usr/local/share/stigg-emulator-test/extra-ca.crt\n' "$base" >"$ctx/Dockerfile"
  ca_log=$(mktemp)
  if ! docker build -q --network host -t "$ca_base_tag" "$ctx" >"$ca_log" 2>&1; then
    cat "$ca_log" >&2
    rm -rf "$ctx" "$ca_log"
    die "could not layer the CA bundle onto $base"
  fi
  rm -rf "$ctx" "$ca_log"
  base=$ca_base_tag
fi

registry=${NPM_CONFIG_REGISTRY:-}
if [ -z "$registry" ] && command -v npm >/dev/null 2>&1; then registry=$(npm config get registry 2>/dev/null || true); fi

# --- 3. build -------------------------------------------------------------------------------------
info "building $image_tag"
build_start=$(now_ms)
build_log=$(mktemp)
if ! docker build --network host --force-rm \
  --build-arg "NODE_IMAGE=$base" \
  --build-arg "NPM_CONFIG_REGISTRY=$registry" \
  -t "$image_tag" . >"$build_log" 2>&1; then
  tail -40 "$build_log" >&2
  rm -f "$build_log"
  die "docker build failed"
fi
rm -f "$build_log"
size_mb=$(( $(docker image inspect --format '{{.Size}}' "$image_tag") / 1000000 ))
pass "image built in $(( ($(now_ms) - build_start) / 1000 )) s, size ${size_mb} MB"

user=$(docker image inspect --format '{{.Config.User}}' "$image_tag")
if [ -n "$user" ] && [ "$user" != "root" ] && [ "$user" != "0" ]; then pass "runs as non-root user '$user'"; else fail "image runs as root"; fi

# --- 4. run, time to ready ------------------------------------------------------------------------
port=${TEST_PORT:-}
if [ -z "$port" ]; then
  if command -v node >/dev/null 2>&1; then
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")
  else
    port=$(( 20000 + RANDOM % 20000 ))
  fi
fi
base_url=http://127.0.0.1:$port

# The repository's fixtures are mounted as docs/docker.md shows (read-only, as the unprivileged user).
run_args=(-e STIGG_EMULATOR_PORT="$port" -e STIGG_EMULATOR_EDGE_PORT=-1)
if [ -n "$(find "$repo/fixtures" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) 2>/dev/null | head -1)" ]; then
  run_args+=(-v "$repo/fixtures:/fixtures:ro" -e STIGG_EMULATOR_FIXTURES=/fixtures)
  fixtures_note=" with fixtures mounted at /fixtures"
else
  fixtures_note=" with the built-in demo seed"
fi

info "running $image_tag on port $port$fixtures_note"
run_start=$(now_ms)
docker run -d --name "$container" --network host "${run_args[@]}" "$image_tag" >/dev/null || die "docker run failed"

ready_ms=
deadline=$(( run_start + 30000 ))
while [ "$(now_ms)" -lt "$deadline" ]; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base_url/_emulator/ready" || true)
  if [ "$code" = "200" ]; then ready_ms=$(( $(now_ms) - run_start )); break; fi
  if [ "$(docker inspect --format '{{.State.Running}}' "$container" 2>/dev/null)" != "true" ]; then
    die "the container stopped before it was ready (exit code $(docker inspect --format '{{.State.ExitCode}}' "$container" 2>/dev/null))"
  fi
  sleep 0.05
done
[ -n "$ready_ms" ] || die "/_emulator/ready did not answer 200 within 30 s"
if [ "$ready_ms" -lt "$ready_budget_ms" ]; then
  pass "ready ${ready_ms} ms after docker run (budget ${ready_budget_ms} ms)"
else
  fail "ready ${ready_ms} ms after docker run, over the ${ready_budget_ms} ms budget"
fi

# --- 5. GraphQL -----------------------------------------------------------------------------------
answer=$(curl -s --max-time 5 -X POST "$base_url/graphql" \
  -H 'Content-Type: application/json' -H 'X-API-KEY: server-local' \
  --data '{"query":"{ sdkConfiguration { sentryDsn } }"}' || true)
if printf '%s' "$answer" | grep -q '"sentryDsn":null'; then
  pass "GraphQL sdkConfiguration answered: $answer"
else
  fail "GraphQL sdkConfiguration answered: ${answer:-<nothing>}"
fi

# --- 6. health ------------------------------------------------------------------------------------
health=
deadline=$(( $(now_ms) + 30000 ))
while [ "$(now_ms)" -lt "$deadline" ]; do
  health=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$container")
  case $health in healthy | unhealthy | "") break ;; esac
  sleep 0.2
done
if [ "$health" = "healthy" ]; then
  pass "container healthy $(( $(now_ms) - run_start )) ms after docker run"
else
  fail "container health is '${health:-<no healthcheck>}'"
fi

# --- 7. stop --------------------------------------------------------------------------------------
stop_start=$(now_ms)
docker stop -t 10 "$container" >/dev/null
stop_ms=$(( $(now_ms) - stop_start ))
exit_code=$(docker inspect --format '{{.State.ExitCode}}' "$container")
if [ "$exit_code" = "0" ]; then
  pass "docker stop: exit code 0 after ${stop_ms} ms"
else
  fail "docker stop: exit code $exit_code after ${stop_ms} ms (expected 0)"
fi

# --- 8. no orphan: stopping the docker run client --------------------------------------------------
# A recipe (a pytest fixture, a Go TestMain) holds the `docker run` client process, not the
# container. Stopping that process must stop and remove the container within 2 s.
port_listens() { curl -s -o /dev/null --max-time 0.3 "$1/_emulator/health"; }
container_gone() { [ -z "$(docker ps -a -q --filter "name=^/${foreground}\$")" ]; }
wait_ready() { # url, deadline in ms
  local deadline=$(( $(now_ms) + $2 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1/_emulator/ready" || true)" = "200" ] && return 0
    sleep 0.05
  done
  return 1
}
# stop_and_check <description> <signal> <client pid> <url>
stop_and_check() {
  local what=$1 signal=$2 pid=$3 url=$4 started gone_ms=
  started=$(now_ms)
  kill "-$signal" "$pid" 2>/dev/null || true
  while [ $(( $(now_ms) - started )) -le 5000 ]; do
    if container_gone && ! port_listens "$url"; then gone_ms=$(( $(now_ms) - started )); break; fi
    sleep 0.05
  done
  if [ -n "$gone_ms" ] && [ "$gone_ms" -le 2000 ]; then
    pass "$what: container stopped and removed ${gone_ms} ms after $signal to the docker run client"
  else
    fail "$what: the container ${gone_ms:+took ${gone_ms} ms}${gone_ms:-is still there 5 s after $signal to the docker run client}"
    docker rm -f "$foreground" >/dev/null 2>&1 || true
  fi
}

fg_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})" 2>/dev/null || echo $(( port + 1 )))
fg_url=http://127.0.0.1:$fg_port

info "docker run --rm in the foreground, stopped with SIGTERM to the client"
docker run --rm --name "$foreground" --network host -e STIGG_EMULATOR_PORT="$fg_port" -e STIGG_EMULATOR_EDGE_PORT=-1 "$image_tag" >/dev/null 2>&1 &
client=$!
holder_pids+=("$client")
if wait_ready "$fg_url" 30000; then
  stop_and_check "docker run --rm" TERM "$client" "$fg_url"
else
  fail "docker run --rm (foreground): not ready within 30 s"
fi
wait "$client" 2>/dev/null || true

info "docker run --rm -i with STIGG_EMULATOR_EXIT_ON_STDIN_CLOSE=1, the client killed with SIGKILL"
stdin_fifo=$(mktemp -u)
mkfifo "$stdin_fifo"
docker run --rm -i --init --name "$foreground" --network host -e STIGG_EMULATOR_PORT="$fg_port" -e STIGG_EMULATOR_EDGE_PORT=-1 \
  -e STIGG_EMULATOR_EXIT_ON_STDIN_CLOSE=1 "$image_tag" <"$stdin_fifo" >/dev/null 2>&1 &
client=$!
holder_pids+=("$client")
exec 7>"$stdin_fifo" # the test holds the client's stdin open, as a parent process would
rm -f "$stdin_fifo"
if wait_ready "$fg_url" 30000; then
  stop_and_check "docker run --rm -i (exit on stdin close)" KILL "$client" "$fg_url"
else
  fail "docker run --rm -i: not ready within 30 s"
fi
exec 7>&-
wait "$client" 2>/dev/null || true

echo
if [ "$failures" -eq 0 ]; then
  echo "PASS: docker image $image_tag (${size_mb} MB): ready ${ready_ms} ms after docker run"
else
  echo "FAIL: $failures check(s) failed"
  exit 1
fi
