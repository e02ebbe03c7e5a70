#!/usr/bin/env bash
# Rebuild the vendored design system from the npm registry. The output is committed, so
# neither `make demo` nor `make test` needs node; run this only to upgrade the packages.
set -euo pipefail
cd "$(dirname "$0")/../assets"
npm install --no-audit --no-fund --silent
out=../src/samlas/core/static/samlas/vendor/govuk
mkdir -p "$out"
npx sass --load-path=node_modules/govuk-frontend/dist --style=compressed --no-source-map \
  --quiet-deps samlas-govuk.scss "$out/govuk-frontend.min.css"
node -p "'govuk-frontend is MIT licensed (c) Crown Copyright: ' + require('govuk-frontend/package.json').license" > "$out/LICENSE.txt"
echo "govuk-frontend $(node -p 'require("govuk-frontend/package.json").version')" > "$out/VERSION"
