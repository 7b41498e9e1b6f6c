#!/usr/bin/env bash
# Loads one article page of Sillage and the very same bytes served by nginx as a static file,
# alternately, with wrk at 64 and 256 connections, with and without `Accept-Encoding: br, gzip`,
# and as a reader whose signed cookie has voted on the article (their stars spliced into the
# cached page), and prints one table: requests per second, p99 latency, the server's peak RSS
# and the ratio to nginx in the same run; the same page from a second server on the same
# database with the cache off (every view from PostgreSQL); and the write loads (bench/writes.lua):
# a mixed load with 5 % writes (ratings and comment votes spread over the demo articles, each
# from a new browser), then ratings alone and comments alone, each followed by a count of the
# stored rows against the writes that answered a redirect ("exact" or the difference). The
# writes come each from an address of their own through `X-Forwarded-For` (the server trusts
# 127.0.0.1 as its reverse proxy), so the flood limits keep their defaults; comments are posted
# as a browser would, with the form's time stamp after the minimum wait.
# Then the cost of counting views: the same anonymous
# page, loaded as a browser would (a user agent, compressed), from this server (counting on)
# and from a second one with `analytics.enabled = false` and the same data, alternately, and
# the ratio of the two.
#
# Needs: cargo, PostgreSQL's server binaries, psql, nginx (Debian `nginx-light`), wrk, curl.
# Run from the repository's root: `bench/pages.sh`. Settings come through the environment as
# usual (e.g. `SILLAGE_CACHE__ENABLED=false bench/pages.sh` loads the uncached path).
# DURATION (seconds per run, default 5) and CONNECTIONS (default "64 256") tune the load;
# SILLAGE_BIN runs a binary already built instead of building the release one; ONLY=writes
# runs the write loads alone (nginx loaded only for their ratio), ONLY=uncached only nginx and
# the server with the cache off (the `no cache` rows).
# Everything runs on 127.0.0.1 in a temporary directory removed at the end.
set -euo pipefail

DURATION="${DURATION:-5}"
ONLY="${ONLY:-}"
[[ -z "$ONLY" || "$ONLY" == uncached || "$ONLY" == writes ]] ||
    { echo "bench: ONLY is 'writes', 'uncached' or empty" >&2; exit 1; }
CONNECTIONS="${CONNECTIONS:-64 256}"
SLUG="orvalle-petite-electrique-segment-b"

for tool in cargo psql nginx wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done

BIN="${SILLAGE_BIN:-}"
if [[ -z "$BIN" ]]; then
    cargo build --release --bin sillage --quiet
    BIN="$(pwd)/target/release/sillage"
fi

WORK="$(mktemp -d)"
# The private cluster runs as the postgres user when we are root: it must reach the directory.
chmod 755 "$WORK"
SILLAGE_PID=""
UNCACHED_PID=""
UNCOUNTED_PID=""
NGINX_PID=""
cleanup() {
    [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
    [[ -n "$UNCACHED_PID" ]] && kill -TERM "$UNCACHED_PID" 2>/dev/null && wait "$UNCACHED_PID" 2>/dev/null
    [[ -n "$SILLAGE_PID" ]] && kill -TERM "$SILLAGE_PID" 2>/dev/null && wait "$SILLAGE_PID" 2>/dev/null
    [[ -n "$UNCOUNTED_PID" ]] && kill -TERM "$UNCOUNTED_PID" 2>/dev/null && wait "$UNCOUNTED_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# peak resident set (VmHWM, kB) of a process and its children's sum, in MB
peak_rss_mb() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    echo $((total / 1024))
}

wait_for() {
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "bench: $1 never answered" >&2
    exit 1
}

# --- Sillage on its own data directory --------------------------------------------------------
# start_sillage DIR PORT [VAR=VALUE ...]: a server on its own data directory, in the background.
start_sillage() {
    local dir="$1" port="$2"
    shift 2
    env SILLAGE_DATA_DIR="$dir" \
        SILLAGE_SERVER__HOST=127.0.0.1 \
        SILLAGE_SERVER__PORT="$port" \
        SILLAGE_SITE__BASE_URL="http://127.0.0.1:$port" \
        RUST_LOG="${RUST_LOG:-warn}" \
        "$@" "$BIN" serve >"$dir.log" 2>&1 &
}

# seed DIR: 20 approved comments and 2 ratings on one demo article, as readers would leave them.
seed() {
    psql -q -v ON_ERROR_STOP=1 "host=$1/postgres/run user=sillage dbname=sillage" <<SQL
WITH a AS (SELECT id FROM articles WHERE slug = '$SLUG')
INSERT INTO comments (article_id, depth, author_name, author_email, body_markdown, body_html,
                      status, notify, client_network, created_at, approved_at)
SELECT a.id, 0, 'Lecteur ' || n, 'lecteur' || n || '@example.org',
       repeat('Une remarque argumentée sur la marge du segment B et le coût des cellules. ', 6),
       '<p>' || repeat('Une remarque argumentée sur la marge du segment B et le coût des cellules. ', 6) || '</p>',
       'approved', 'none', '192.0.2.0/24', now() - n * interval '1 hour', now()
FROM a, generate_series(1, 20) AS n;
INSERT INTO ratings (article_id, reader_id, stars, client_network, created_at, updated_at)
SELECT id, r.reader, r.stars, '192.0.2.0/24', now(), now()
FROM articles, (VALUES ('bench-reader-00000000000001', 4::int2), ('bench-reader-00000000000002', 1::int2)) AS r(reader, stars)
WHERE slug = '$SLUG';
SQL
}

# wrk stands for the reverse proxy in front of a real site: the writes tell each browser's own
# address in `X-Forwarded-For`, so the flood limits keep their defaults.
SILLAGE_PORT="$(free_port)"
start_sillage "$WORK/var" "$SILLAGE_PORT" SILLAGE_SERVER__TRUSTED_PROXIES=127.0.0.1
SILLAGE_PID=$!
wait_for "http://127.0.0.1:$SILLAGE_PORT/health"
seed "$WORK/var"

PAGE_URL="http://127.0.0.1:$SILLAGE_PORT/articles/$SLUG"
DB="host=$WORK/var/postgres/run user=sillage dbname=sillage"
# The same site with the cache off, on the same database: every view from PostgreSQL.
UNCACHED_PORT="$(free_port)"
mkdir -p "$WORK/uncached"
start_sillage "$WORK/uncached" "$UNCACHED_PORT" SILLAGE_CACHE__ENABLED=false \
    DATABASE_URL="postgresql:///sillage?host=$WORK/var/postgres/run&user=sillage"
UNCACHED_PID=$!
wait_for "http://127.0.0.1:$UNCACHED_PORT/health"
UNCACHED_URL="http://127.0.0.1:$UNCACHED_PORT/articles/$SLUG"
# A reader who rated the article: their cookie, as their browser sends it back ...
READER_COOKIE="$(curl -fs -o /dev/null -D - -X POST -d stars=4 "$PAGE_URL/rating" \
    | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^sillage_reader=/ {print $2}')"
[[ -n "$READER_COOKIE" ]] || { echo "bench: no reader cookie" >&2; exit 1; }
# ... who also voted on two of its comments.
for comment in $(psql -qtA "host=$WORK/var/postgres/run user=sillage dbname=sillage" -c \
    "SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id
     WHERE a.slug = '$SLUG' AND c.status = 'approved' ORDER BY c.id LIMIT 2"); do
    curl -fs -o /dev/null -H "Cookie: $READER_COOKIE" -d value=1 \
        "http://127.0.0.1:$SILLAGE_PORT/comments/$comment/vote"
done
VOTES="$(psql -qtA "host=$WORK/var/postgres/run user=sillage dbname=sillage" -c \
    "SELECT count(*) FROM comment_votes")"
[[ "$VOTES" == 2 ]] || { echo "bench: the reader's votes were not kept ($VOTES)" >&2; exit 1; }
mkdir -p "$WORK/www/articles"
curl -fs -o "$WORK/www/articles/$SLUG" "$PAGE_URL"
gzip -9 -k "$WORK/www/articles/$SLUG"
chmod -R a+rX "$WORK/www"
PAGE_BYTES="$(stat -c %s "$WORK/www/articles/$SLUG")"

# --- nginx serving the same bytes as a file ---------------------------------------------------
NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    # The precompressed copy answers clients that accept gzip, as Sillage's cache does.
    gzip_static on;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
        default_type "text/html; charset=utf-8";
    }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT/articles/$SLUG"
wait_for "$NGINX_URL"

nginx_pids() {
    echo "$NGINX_PID" $(pgrep -P "$NGINX_PID" || true)
}

BROWSER="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

# wrk's requests per second and p99 in milliseconds
load() {
    local url="$1" conns="$2" encoding="$3" out
    local args=(-t1 -c"$conns" -d"${DURATION}s" --latency)
    [[ "$encoding" != identity ]] && args+=(-H "Accept-Encoding: br, gzip")
    [[ "$encoding" == reader ]] && args+=(-H "Cookie: $READER_COOKIE")
    # wrk sends no user agent, which is a robot's request: a browser's is counted.
    [[ "$encoding" == browser ]] && args+=(-H "User-Agent: $BROWSER")
    out="$(wrk "${args[@]}" "$url")"
    local rps p99
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
           if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.1f", v}' <<<"$out")"
    echo "$rps $p99"
}

# Warm both servers (and Sillage's cache) before measuring.
for url in "$PAGE_URL" "$NGINX_URL"; do
    wrk -t1 -c16 -d1s "$url" >/dev/null
    wrk -t1 -c16 -d1s -H "Accept-Encoding: br, gzip" "$url" >/dev/null
done

printf '\nOne article page, %s bytes uncompressed, %ss per run, wrk -t1 (%s cores)\n\n' \
    "$PAGE_BYTES" "$DURATION" "$(nproc)"
printf '| %-8s | %-5s | %-10s | %9s | %9s | %12s | %8s |\n' \
    server conns encoding "req/s" "p99 ms" "peak RSS MB" "vs nginx"
printf '|----------|-------|------------|-----------|-----------|--------------|----------|\n'
declare -A NGINX_RPS
for conns in $([[ "${ONLY:-}" == writes ]] || echo "$CONNECTIONS"); do
    for encoding in identity compressed reader; do
        [[ "$ONLY" == uncached && "$encoding" == reader ]] && continue
        read -r n_rps n_p99 < <(load "$NGINX_URL" "$conns" "$encoding")
        n_rss="$(peak_rss_mb $(nginx_pids))"
        printf '| %-8s | %5s | %-10s | %9.0f | %9s | %12s | %8s |\n' \
            nginx "$conns" "$encoding" "$n_rps" "$n_p99" "$n_rss" "100 %"
        if [[ "$ONLY" != uncached ]]; then
            read -r s_rps s_p99 < <(load "$PAGE_URL" "$conns" "$encoding")
            s_rss="$(peak_rss_mb "$SILLAGE_PID")"
            ratio="$(awk -v s="$s_rps" -v n="$n_rps" 'BEGIN {printf "%.1f %%", 100 * s / n}')"
            printf '| %-8s | %5s | %-10s | %9.0f | %9s | %12s | %8s |\n' \
                sillage "$conns" "$encoding" "$s_rps" "$s_p99" "$s_rss" "$ratio"
        fi
        NGINX_RPS["$conns $encoding"]="$n_rps"
        [[ "$encoding" == reader ]] && continue
        read -r u_rps u_p99 < <(load "$UNCACHED_URL" "$conns" "$encoding")
        u_rss="$(peak_rss_mb "$UNCACHED_PID")"
        ratio="$(awk -v s="$u_rps" -v n="$n_rps" 'BEGIN {printf "%.1f %%", 100 * s / n}')"
        printf '| %-8s | %5s | %-10s | %9.0f | %9s | %12s | %8s |\n' \
            "no cache" "$conns" "$encoding" "$u_rps" "$u_p99" "$u_rss" "$ratio"
    done
done
echo
echo "Sillage's RSS is the sillage process alone (its private PostgreSQL runs apart)."
echo "'reader' sends a voter's cookie to Sillage (nginx gets the compressed file as before)."
echo "'no cache' is a second Sillage on the same database with SILLAGE_CACHE__ENABLED=false."
[[ "$ONLY" == uncached ]] && exit 0

# --- Writes -----------------------------------------------------------------------------------
rows() {
    psql -qtA -F ' ' "$DB" -c "SELECT (SELECT count(*) FROM ratings) + (SELECT count(*) FROM comment_votes),
        (SELECT count(*) FROM ratings), (SELECT count(*) FROM comments)"
}
ARTICLES="$(psql -qtA "$DB" -c "SELECT string_agg(slug, ' ') FROM articles WHERE status = 'published'")"
COMMENTS="$(psql -qtA "$DB" -c "SELECT string_agg(id::text, ' ') FROM comments WHERE status = 'approved'")"
# Writes stop a second before the end, so that each one sent is answered within the run.
WRITE_SECONDS=$((DURATION > 2 ? DURATION - 1 : 1))
# write_load MODE CONNS: "taken refused reads seconds" from bench/writes.lua
write_load() {
    WRITES="$1" WRITE_SECONDS="$WRITE_SECONDS" PAGE_PATH="/articles/$SLUG" ARTICLES="$ARTICLES" COMMENTS="$COMMENTS" \
        FORM_TS="${FORM_TS:-}" STAMP_COOKIE="${STAMP_COOKIE:-}" wrk -t1 -c"$2" -d"${DURATION}s" -s "$(dirname "$0")/writes.lua" \
        "http://127.0.0.1:$SILLAGE_PORT" | awk '$1 == "WRITES" {print $2, $3, $4, $5}'
}
# exact BEFORE AFTER TAKEN: "exact", or how many rows more (+) or fewer (-) than writes taken
exact() {
    local diff=$(($2 - $1 - $3))
    if ((diff == 0)); then echo exact; else printf '%+d rows\n' "$diff"; fi
}
printf '\nWrites (each from a new browser; the rows stored against the writes answered 3xx)\n\n'
printf '| %-9s | %5s | %9s | %9s | %8s | %-14s | %8s |\n' \
    load conns "reads/s" "writes/s" refused counts "reads vs nginx"
printf '|-----------|-------|-----------|-----------|----------|----------------|----------|\n'
for conns in $CONNECTIONS; do
    if [[ -z "${NGINX_RPS["$conns identity"]:-}" ]]; then
        read -r n_rps _ < <(load "$NGINX_URL" "$conns" identity)
        NGINX_RPS["$conns identity"]="$n_rps"
    fi
    read -r before _ _ < <(rows)
    read -r taken refused reads seconds < <(write_load mixed "$conns")
    read -r after _ _ < <(rows)
    ratio="$(awk -v r="$reads" -v s="$seconds" -v n="${NGINX_RPS["$conns identity"]}" \
        'BEGIN {printf "%.1f %%", 100 * r / s / n}')"
    printf '| %-9s | %5s | %9.0f | %9.0f | %8s | %-14s | %8s |\n' mixed "$conns" \
        "$(awk -v r="$reads" -v s="$seconds" 'BEGIN {print r / s}')" \
        "$(awk -v w="$taken" -v s="$WRITE_SECONDS" 'BEGIN {print w / s}')" \
        "$refused" "$(exact "$before" "$after" "$taken")" "$ratio"
done
conns="${CONNECTIONS%% *}"
read -r _ before _ < <(rows)
read -r taken refused _ seconds < <(write_load ratings "$conns")
read -r _ after _ < <(rows)
printf '| %-9s | %5s | %9s | %9.0f | %8s | %-14s | %8s |\n' ratings "$conns" - \
    "$(awk -v w="$taken" -v s="$WRITE_SECONDS" 'BEGIN {print w / s}')" "$refused" \
    "$(exact "$before" "$after" "$taken")" -
# A browser loads the page, and its reader takes longer than the minimum to write.
# (A cached page's forms say `cookie`: their stamp comes in the stamp cookie.)
PAGE_HEADERS="$(curl -fs -D - -o "$WORK/form.html" "$PAGE_URL")"
FORM_TS="$(grep -o 'name="form_ts" value="[^"]*"' "$WORK/form.html" | head -1 | cut -d'"' -f4)"
STAMP_COOKIE="$(awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^sillage_form=/ {print $2}' \
    <<<"$PAGE_HEADERS")"
sleep "$((${SILLAGE_COMMENTS__MIN_FORM_SECONDS:-3} + 1))"
read -r _ _ before < <(rows)
read -r taken refused _ seconds < <(write_load comments "$conns")
read -r _ _ after < <(rows)
printf '| %-9s | %5s | %9s | %9.0f | %8s | %-14s | %8s |\n' comments "$conns" - \
    "$(awk -v w="$taken" -v s="$WRITE_SECONDS" 'BEGIN {print w / s}')" "$refused" \
    "$(exact "$before" "$after" "$taken")" -
echo
echo "Targets: mixed reads at least 50 % of nginx; ratings 3,000/s and comments 1,000/s, exact."
[[ "${ONLY:-}" == writes ]] && exit 0

# --- What counting views costs ----------------------------------------------------------------
if [[ "${SILLAGE_ANALYTICS__ENABLED:-true}" == false ]]; then
    echo "bench: SILLAGE_ANALYTICS__ENABLED=false: counting is off on both sides, no ratio" >&2
    exit 0
fi
UNCOUNTED_PORT="$(free_port)"
start_sillage "$WORK/uncounted" "$UNCOUNTED_PORT" SILLAGE_ANALYTICS__ENABLED=false
UNCOUNTED_PID=$!
wait_for "http://127.0.0.1:$UNCOUNTED_PORT/health"
seed "$WORK/uncounted"
UNCOUNTED_URL="http://127.0.0.1:$UNCOUNTED_PORT/articles/$SLUG"
for url in "$PAGE_URL" "$UNCOUNTED_URL"; do
    wrk -t1 -c16 -d1s -H "Accept-Encoding: br, gzip" -H "User-Agent: $BROWSER" "$url" >/dev/null
done
printf '\nCounting views: the anonymous page as a browser loads it, counting on vs off\n\n'
printf '| %-5s | %12s | %12s | %10s | %10s | %9s |\n' \
    conns "on req/s" "off req/s" "on p99 ms" "off p99 ms" "on / off"
printf '|-------|--------------|--------------|------------|------------|-----------|\n'
for conns in $CONNECTIONS; do
    read -r on_rps on_p99 < <(load "$PAGE_URL" "$conns" browser)
    read -r off_rps off_p99 < <(load "$UNCOUNTED_URL" "$conns" browser)
    ratio="$(awk -v on="$on_rps" -v off="$off_rps" 'BEGIN {printf "%.1f %%", 100 * on / off}')"
    printf '| %5s | %12.0f | %12.0f | %10s | %10s | %9s |\n' \
        "$conns" "$on_rps" "$off_rps" "$on_p99" "$off_p99" "$ratio"
done
VIEWS="$(psql -qtA "host=$WORK/var/postgres/run user=sillage dbname=sillage" -c \
    "SELECT coalesce(sum(views), 0) FROM page_views WHERE path = '/articles/$SLUG'")"
echo
echo "Views counted by the counting server (written every few seconds): $VIEWS."
echo "Target: counting costs at most 5 % (on / off at least 95 %)."
