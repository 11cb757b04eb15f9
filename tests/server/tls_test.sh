#!/usr/bin/env bash
# HTTPS: `truceline serve --tls-cert --tls-key` with a throwaway self-signed
# certificate made here by the openssl CLI, checked with real clients (curl
# and openssl s_client): health, keep-alive, login and authenticated
# requests, Secure cookies, a refused oversized body, an event stream and a
# graceful SIGTERM; plain HTTP sent to the TLS port fails alone and is
# counted; bad certificate/key pairs and half the options are refused
# before the server listens.
# Usage: tls_test.sh TRUCELINE_BINARY
set -euo pipefail
bin=$1
for tool in openssl curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed (scripts/install-deps)"; exit 77
  fi
done
source "$(dirname "$0")/serve_fixture.sh"
fail() { echo "FAIL: $*"; exit 1; }

keys=$(mktemp -d)
cleanup() {
  local job
  for job in $(jobs -p); do kill "$job" 2>/dev/null || true; done
  rm -rf "$keys"
}
trap cleanup EXIT

# A certificate for 127.0.0.1 and its key; another pair to mismatch with.
make_pair() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$keys/$1-key.pem" -out "$keys/$1-cert.pem" 2>/dev/null
}
make_pair server
make_pair other
printf 'not a certificate\n' >"$keys/garbage.pem"
cert=$keys/server-cert.pem
key=$keys/server-key.pem

# --- refused before listening ---

# Runs `truceline serve` expecting exit code `want` and `pattern` on stderr,
# and no "listening" line.
expect_refused() {
  local want=$1 pattern=$2 code=0
  shift 2
  "$bin" serve --db "$keys/refused.db" --listen 127.0.0.1:0 --quiet "$@" \
    >"$keys/out" 2>"$keys/err" || code=$?
  [[ $code -eq $want ]] || fail "serve $* exited $code, expected $want: $(cat "$keys/err")"
  grep -q -- "$pattern" "$keys/err" || fail "serve $* said '$(cat "$keys/err")', not '$pattern'"
  if grep -q listening "$keys/out"; then fail "serve $* started listening"; fi
  echo "refused as expected: $(head -n 1 "$keys/err")"
}
expect_refused 2 "--tls-cert requires --tls-key" --tls-cert "$cert"
expect_refused 2 "--tls-key requires --tls-cert" --tls-key "$key"
expect_refused 2 "excludes" --tls-cert "$cert" --tls-key "$key" --insecure-cookies
expect_refused 2 "other-key.pem': the key does not match" --tls-cert "$cert" \
  --tls-key "$keys/other-key.pem"
expect_refused 3 "missing.pem': cannot read" --tls-cert "$keys/missing.pem" --tls-key "$key"
expect_refused 2 "garbage.pem': not a PEM certificate" --tls-cert "$keys/garbage.pem" \
  --tls-key "$key"
expect_refused 2 "garbage.pem': not an unencrypted PEM private key" --tls-cert "$cert" \
  --tls-key "$keys/garbage.pem"

# --- serving HTTPS ---

serve_fixture_start "$bin" observer --tls-cert "$cert" --tls-key "$key"
[[ $BASE == https://127.0.0.1:* ]] || fail "the server announced $BASE, not an https:// URL"
https() { curl -sS --cacert "$cert" --max-time 20 "$@"; }

health=$(https "$BASE/healthz")
[[ $health == *'"status":"ok"'* ]] || fail "GET /healthz over HTTPS answered '$health'"
echo "GET /healthz over HTTPS: $health"

# Keep-alive: curl reuses one TLS connection for both requests.
connects=$(https -o /dev/null -o /dev/null -w '%{num_connects} ' "$BASE/healthz" "$BASE/healthz")
[[ $connects == "1 0 " ]] || fail "two requests took '$connects' connections, not one"

# The server prefers TLS 1.3 and still speaks 1.2; nothing older.
tls13=$(openssl s_client -connect "127.0.0.1:$PORT" -CAfile "$cert" -brief </dev/null 2>&1 || true)
grep -q "Protocol version: TLSv1.3" <<<"$tls13" || fail "no TLS 1.3: $tls13"
tls12=$(openssl s_client -connect "127.0.0.1:$PORT" -CAfile "$cert" -brief -tls1_2 </dev/null \
  2>&1 || true)
grep -q "Protocol version: TLSv1.2" <<<"$tls12" || fail "no TLS 1.2: $tls12"
grep -q "Ciphersuite: ECDHE-ECDSA-AES.*GCM\|Ciphersuite: ECDHE-ECDSA-CHACHA20" <<<"$tls12" ||
  fail "TLS 1.2 without a forward-secret AEAD suite: $tls12"
if openssl s_client -connect "127.0.0.1:$PORT" -tls1_1 -cipher DEFAULT@SECLEVEL=0 </dev/null \
  >/dev/null 2>&1; then
  fail "a TLS 1.1 handshake succeeded"
fi

# A token, then a browser session: login, the Secure cookie, a read and a
# CSRF-protected logout.
code=$(https -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/incidents?limit=1")
[[ $code == 200 ]] || fail "GET /api/v1/incidents with a token over HTTPS answered $code"
login=$(https -D "$keys/login.head" -c "$keys/jar" -H 'Content-Type: application/json' \
  -d '{"name":"client","password":"fixture password 1234"}' "$BASE/api/v1/login")
grep -qi '^set-cookie: tl_session=.*; Secure' "$keys/login.head" ||
  fail "the session cookie is not Secure: $(cat "$keys/login.head")"
csrf=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf_token"])' "$login")
me=$(https -b "$keys/jar" "$BASE/api/v1/me")
[[ $me == *'"user":"client"'* ]] || fail "GET /api/v1/me with the session answered '$me'"
code=$(https -o /dev/null -w '%{http_code}' -b "$keys/jar" "$BASE/api/v1/incidents?limit=1")
[[ $code == 200 ]] || fail "GET /api/v1/incidents with the session answered $code"
code=$(https -o /dev/null -w '%{http_code}' -b "$keys/jar" -X POST -H "X-CSRF-Token: $csrf" \
  "$BASE/api/v1/logout")
[[ $code == 2* ]] || fail "POST /api/v1/logout with the CSRF token answered $code"
echo "login, session reads and logout over HTTPS"

# A body over the 64 MiB limit is refused with 413, readable by the client.
code=$(head -c $((65 << 20)) /dev/zero |
  https -o /dev/null -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/x-ndjson' --data-binary @- "$BASE/api/v1/reports" || true)
[[ $code == 413 ]] || fail "an oversized body over HTTPS answered '$code', not 413"

# Plain HTTP to the TLS port: that connection fails at once, nothing else.
handshake_failures() {
  https "$BASE/metrics" | sed -n 's/^truceline_tls_handshake_failures_total //p'
}
failures_before=$(handshake_failures)
plain=0
curl -sS --max-time 10 "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || plain=$?
[[ $plain -ne 0 ]] || fail "plain HTTP to the TLS port succeeded"
[[ $plain -ne 28 ]] || fail "plain HTTP to the TLS port hung until curl gave up"
health=$(https "$BASE/healthz")
[[ $health == *'"status":"ok"'* ]] || fail "after plain HTTP, /healthz answered '$health'"
failures_after=$(handshake_failures)
[[ $failures_after -eq $((failures_before + 1)) ]] ||
  fail "failed handshakes went from $failures_before to $failures_after, not up by one"
echo "plain HTTP to the TLS port failed alone (curl exit $plain) and was counted"

# An event stream over TLS, open while the server stops: SIGTERM ends it and
# the server exits 0 (serve_fixture_stop checks).
https -N -D "$keys/stream.head" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/stream" \
  >"$keys/stream.body" 2>/dev/null &
stream_pid=$!
sleep 1 | openssl s_client -quiet -connect "127.0.0.1:$PORT" -CAfile "$cert" \
  >/dev/null 2>&1 &  # an idle keep-alive connection
for _ in $(seq 1 50); do
  if grep -qi '^content-type: text/event-stream' "$keys/stream.head" 2>/dev/null; then break; fi
  sleep 0.1
done
grep -qi '^content-type: text/event-stream' "$keys/stream.head" ||
  fail "GET /api/v1/stream over HTTPS did not start: $(cat "$keys/stream.head")"
started=$(date +%s)
serve_fixture_stop
took=$(($(date +%s) - started))
[[ $took -le 6 ]] || fail "the server took ${took}s to stop with a stream open"
stream_code=0
wait "$stream_pid" || stream_code=$?
[[ $stream_code -ne 28 ]] || fail "the event stream was not closed by the stopping server"
echo "SIGTERM with an open HTTPS event stream: stopped in ${took}s"
echo "HTTPS works"
