# Shared by the server's script tests (sourced, not run): a store filled
# with a simulated day under the bundled agreement, an account with an API
# token, and `truceline serve` on a free loopback port.
#   serve_fixture_start BINARY ROLE [SERVE_OPTION...]
#                                     → sets DIR, DB, TOKEN, PORT, BASE, SERVER_PID
#   serve_fixture_stop                → SIGTERM, and checks the server exits 0

serve_fixture_start() {
  local bin=$1 role=$2
  shift 2
  DIR=$(mktemp -d)
  DB="$DIR/t.db"
  "$bin" simulate --days 1 --seed 3 --out "$DIR/x.ndjson" >/dev/null
  "$bin" ingest --db "$DB" "$DIR/x.ndjson" >/dev/null
  "$bin" agreement activate --db "$DB" --actor fixture --role coordinator >/dev/null
  printf 'fixture password 1234\n' | "$bin" user add --db "$DB" --name client --role "$role" \
    --password-stdin >/dev/null
  TOKEN=$("$bin" user token create --db "$DB" --name client --expires-days 1 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  "$bin" serve --db "$DB" --listen 127.0.0.1:0 --quiet "$@" >"$DIR/serve.out" 2>"$DIR/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    if [[ -s "$DIR/serve.out" ]]; then break; fi
    sleep 0.1
  done
  BASE=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listening"])' \
    "$DIR/serve.out")
  PORT=${BASE##*:}
}

serve_fixture_stop() {
  kill -TERM "$SERVER_PID"
  local code=0
  wait "$SERVER_PID" || code=$?
  if [[ $code -ne 0 ]]; then
    echo "the server exited with $code after SIGTERM"; cat "$DIR/serve.err"; return 1
  fi
  rm -rf "$DIR"
}
