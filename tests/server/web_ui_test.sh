#!/bin/sh
# ctest entry of the web UI test: skips (exit 77) when node or chromium is
# missing, otherwise runs web/web_ui_test.mjs with the given arguments.
# Usage: web_ui_test.sh TRUCELINE_BINARY WEB_ROOT ARTIFACT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "web_ui_test: node is not installed; skipping" >&2
  exit 77
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "web_ui_test: /usr/bin/chromium is not installed; skipping" >&2
  exit 77
fi
if [ ! -d "$here/web/node_modules/playwright-core" ]; then
  echo "web_ui_test: playwright-core is missing; run scripts/install-deps" \
       "(npm ci --prefix tests/server/web)" >&2
  exit 1
fi
exec node "$here/web/web_ui_test.mjs" "$@"
