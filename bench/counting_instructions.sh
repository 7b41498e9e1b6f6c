#!/usr/bin/env bash
# The cost of counting views, in instructions rather than seconds: the same cached article page
# requested N times by browsers (a user agent, compressed, keep-alive; half of them with a
# referrer, a search engine's or the site's own), from the release server
# with counting on and with `analytics.enabled = false`, each run under valgrind's callgrind,
# which counts the instructions the server executes. A count does not depend on what else the
# machine is doing, so two runs of one configuration agree closely, unlike a throughput ratio
# on a shared machine. Each figure is the difference between two whole runs of the server, one
# answering REQUESTS more requests than the other: the start, the cache's warm-up and the exit
# cancel out, and what is left is every instruction of the server's process (its threads, the
# flush of the counts included) for those requests, divided by their number. The kernel's share (the sockets) is not counted: it is the same with counting on or
# off, so the ratio printed is an upper bound of counting's cost in throughput.
#
# The counts are written once, as the server stops (`analytics.flush_seconds` = 3600): under
# valgrind a run lasts fifty times longer than natively, and flushes every 5 s would be many
# times more frequent per request than on a real site. One flush of the run's visitors (500 in
# the longer run, 250 in the shorter) is what a real flush holds.
#
# Needs: valgrind, python3, curl, PostgreSQL's server binaries. Run from the repository's root:
# `bench/counting_instructions.sh`. REQUESTS (default 2000) and RUNS (default 2) tune it;
# VISITORS (default 500) is how many browsers take turns (a new visitor of the page costs a
# mark at the flush: VISITORS=1000000 makes every view a new visitor);
# KEEP_PROFILES=DIR keeps each run's profile there, for `callgrind_annotate`;
# SILLAGE_BIN runs a binary already built instead of building the release one.
set -euo pipefail

REQUESTS="${REQUESTS:-2000}"
VISITORS="${VISITORS:-500}"
RUNS="${RUNS:-2}"
SLUG="orvalle-petite-electrique-segment-b"

for tool in cargo valgrind python3 curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done

BIN="${SILLAGE_BIN:-}"
if [[ -z "$BIN" ]]; then
    cargo build --release --bin sillage --quiet
    BIN="$(pwd)/target/release/sillage"
fi

WORK="$(mktemp -d)"
chmod 755 "$WORK"
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

# start [VAR=VALUE ...] [-- WRAPPER ...]: the server on the bench's data directory.
start() {
    local vars=() wrapper=()
    while (($#)) && [[ "$1" != -- ]]; do vars+=("$1"); shift; done
    (($#)) && shift && wrapper=("$@")
    env SILLAGE_DATA_DIR="$WORK/var" \
        SILLAGE_SERVER__HOST=127.0.0.1 \
        SILLAGE_SERVER__PORT="$PORT" \
        SILLAGE_SITE__BASE_URL="$URL" \
        SILLAGE_WORKER__EMBEDDED=false \
        SILLAGE_ANALYTICS__FLUSH_SECONDS=3600 \
        RUST_LOG=warn \
        "${vars[@]}" "${wrapper[@]}" "$BIN" serve >>"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        curl -fs -o /dev/null "$URL/health" && return 0
        sleep 0.5
    done
    echo "bench: the server never answered (see its log)" >&2
    tail -20 "$WORK/server.log" >&2
    exit 1
}

# requests N: N keep-alive GETs of the article from VISITORS browsers (by user agent), half
# of them from a search engine or from the site's own pages.
requests() {
    python3 - "$PORT" "/articles/$SLUG" "$1" "$VISITORS" <<'PY'
import http.client, sys
port, path, n, visitors = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
# Half the views name where they come from: a search engine, or a page of the site itself.
referers = ["https://www.google.fr/", f"http://127.0.0.1:{port}/", None, None]
for i in range(n):
    headers = {
        "User-Agent": f"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.{i % visitors}",
        "Accept-Encoding": "br, gzip",
    }
    if referers[i % 4]:
        headers["Referer"] = referers[i % 4]
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"bench: answer {response.status}")
PY
}

# The first start creates the private cluster, the schema and the demo articles, uncounted.
start
stop_server

# total N VAR=VALUE...: the instructions of one whole run of the server under callgrind, from
# its start to its exit, having answered 50 warm-up requests and then N.
total() {
    local n="$1" out="$WORK/callgrind.out"
    shift
    rm -f "$out"*
    start "$@" -- valgrind --tool=callgrind --callgrind-out-file="$out"
    requests 50 # the page is now cached (and, counting on, its visitors gathered once)
    requests "$n"
    stop_server
    if [[ -n "${KEEP_PROFILES:-}" ]]; then
        mkdir -p "$KEEP_PROFILES"
        cp "$out" "$KEEP_PROFILES/callgrind.$(echo "$*" | tr -c 'A-Za-z0-9=_' '-').$n"
    fi
    awk '/^(summary|totals):/ {print $2; exit}' "$out"
}

# measure VAR=VALUE...: instructions per request with these settings: the difference between a
# run answering REQUESTS more requests than another, so that the start, the warm-up and the
# exit, the same in both, cancel out.
measure() {
    local short long
    short="$(total 200 "$@")"
    long="$(total $((200 + REQUESTS)) "$@")"
    awk -v a="$long" -v b="$short" -v n="$REQUESTS" 'BEGIN {printf "%.0f", (a - b) / n}'
}

printf '\nThe cached article page, %s requests per run, instructions of the server per request\n\n' \
    "$REQUESTS"
printf '| run | counting on | counting off | on / off |\n|-----|-------------|--------------|----------|\n'
for run in $(seq 1 "$RUNS"); do
    on="$(measure SILLAGE_ANALYTICS__ENABLED=true)"
    off="$(measure SILLAGE_ANALYTICS__ENABLED=false)"
    ratio="$(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.1f %%", 100 * a / b}')"
    printf '| %3s | %11s | %12s | %8s |\n' "$run" "$on" "$off" "$ratio"
done
