#!/usr/bin/env bash
# GDAL's OGC API - Features driver (ogrinfo, a real GIS client) lists and
# reads every collection of /ogc; the feature counts match the store's.
# Usage: ogrinfo_test.sh TRUCELINE_BINARY
set -euo pipefail
bin=$1
if ! command -v ogrinfo >/dev/null; then
  echo "ogrinfo (gdal-bin) is not installed"; exit 77
fi
source "$(dirname "$0")/serve_fixture.sh"
serve_fixture_start "$bin" observer
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT

ogr() {
  ogrinfo -ro --config GDAL_HTTP_HEADERS "Authorization: Bearer $TOKEN" \
    --config CPL_CURL_VERBOSE NO "$@"
}
fail() { echo "FAIL: $*"; exit 1; }

layers=$(ogr -q "OAPIF:$BASE/ogc")
echo "$layers"
for layer in incidents violations reports assets line-of-contact oblasts; do
  grep -q ": $layer" <<<"$layers" || fail "layer $layer is not listed"
done

count_of() {  # the Feature Count ogrinfo reports for a layer
  ogr -so "OAPIF:$BASE/ogc" "$1" | sed -n 's/^Feature Count: //p'
}
expect_count() {
  local layer=$1 want=$2 got
  got=$(count_of "$layer")
  echo "$layer: $got features (expected $want)"
  [[ "$got" == "$want" ]] || fail "$layer has $got features, expected $want"
}
expect_count oblasts 27
expect_count line-of-contact 1
expect_count incidents "$("$bin" incidents --db "$DB" | wc -l)"
expect_count violations "$("$bin" violations --db "$DB" | wc -l)"
expect_count reports "$("$bin" reports --db "$DB" | wc -l)"
assets=$(( $(tail -n +2 "$(dirname "$0")/../../data/power_plants.csv" | wc -l) +
           $(tail -n +2 "$(dirname "$0")/../../data/ports.csv" | wc -l) +
           $(tail -n +2 "$(dirname "$0")/../../data/airports.csv" | wc -l) +
           $(tail -n +2 "$(dirname "$0")/../../data/logistics_hubs.csv" | wc -l) ))
expect_count assets "$assets"

# A feature's attributes come through (not only the geometry).
ogr -al -where "FALSE" "OAPIF:$BASE/ogc" oblasts >/dev/null
ogr "OAPIF:$BASE/ogc" oblasts -fid 1 2>/dev/null | grep -q "name (String)" ||
  ogr -so "OAPIF:$BASE/ogc" oblasts | grep -q "name: String" || fail "oblasts have no name field"

trap - EXIT
serve_fixture_stop
echo "ogrinfo read every collection"
