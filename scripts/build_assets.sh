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
# The footer's Crown crest is reserved for the UK government and is not vendored; drop its
# references so collectstatic's manifest finds every file the CSS names.
sed -i 's#url("/static/samlas/vendor/govuk/assets/images/govuk-crest.svg")#none#g' \
  "$out/govuk-frontend.min.css"
node -p "'govuk-frontend is MIT licensed (c) Crown Copyright: ' + require('govuk-frontend/package.json').license" > "$out/LICENSE.txt"
echo "govuk-frontend $(node -p 'require("govuk-frontend/package.json").version')" > "$out/VERSION"

# ALTCHA proof-of-work widget (MIT): the "external" build loads no inline styles or workers
# from data: URLs, so it runs under a strict Content-Security-Policy.
altcha=../src/samlas/core/static/samlas/vendor/altcha
mkdir -p "$altcha/workers" "$altcha/i18n"
cp node_modules/altcha/dist/external/altcha.min.js node_modules/altcha/dist/external/altcha.css "$altcha/"
cp node_modules/altcha/dist/workers/*.js "$altcha/workers/"
cp node_modules/altcha/dist/i18n/sv.js node_modules/altcha/dist/i18n/en.js "$altcha/i18n/"
echo "altcha $(node -p 'JSON.parse(require("fs").readFileSync("node_modules/altcha/package.json")).version') (MIT)" > "$altcha/VERSION"
