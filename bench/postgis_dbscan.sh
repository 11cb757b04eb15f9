#!/usr/bin/env bash
# The PostGIS peer of the fusion benchmark: ST_ClusterDBSCAN(eps, minpoints 1)
# over the same points in projected metres (space only), timed inside a
# private PostgreSQL server that this script starts on loopback and stops.
#   bench/postgis_dbscan.sh POINTS.csv EPS_M     (CSV: x,y in metres, no header)
# Prints one JSON line. Needs Debian's postgresql-15 and postgresql-15-postgis-3;
# runs the server as the `postgres` user when started as root.
set -euo pipefail
POINTS=$1
EPS=$2
BIN=/usr/lib/postgresql/15/bin
[ -x "$BIN/postgres" ] || { echo "postgis_dbscan: PostgreSQL 15 not installed" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/truceline-postgis.XXXXXX")
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$WORK"
  RUN=(runuser -u postgres --)
fi
cp "$POINTS" "$WORK/points.csv"
chmod a+r "$WORK/points.csv"
PORT=$(( 40000 + RANDOM % 20000 ))
cleanup() {
  "${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
"${RUN[@]}" "$BIN/initdb" -D "$WORK/data" -U bench -A trust > /dev/null
"${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c shared_buffers=512MB -c work_mem=256MB" start > /dev/null
PSQL=("${RUN[@]}" psql -h 127.0.0.1 -p "$PORT" -U bench -d postgres -v ON_ERROR_STOP=1 -qAt)
"${PSQL[@]}" -c "CREATE EXTENSION postgis" \
  -c "CREATE TABLE pts (x float8, y float8)" \
  -c "\\copy pts FROM '$WORK/points.csv' CSV" \
  -c "ALTER TABLE pts ADD COLUMN geom geometry(Point)" \
  -c "UPDATE pts SET geom = ST_MakePoint(x, y)" -c "VACUUM ANALYZE pts"
START=$(date +%s.%N)
CLUSTERS=$("${PSQL[@]}" -c "SELECT count(DISTINCT cid) FROM (SELECT ST_ClusterDBSCAN(geom, eps := $EPS, minpoints := 1) OVER () AS cid FROM pts) s")
END=$(date +%s.%N)
N=$(wc -l < "$POINTS")
echo "{\"bench\":\"fusion\",\"system\":\"postgis-st_clusterdbscan\",\"points\":$N,\"eps_m\":$EPS,\"clusters\":$CLUSTERS,\"query_s\":$(awk -v a="$START" -v b="$END" 'BEGIN{printf "%.3f", b-a}')}"
