#!/usr/bin/env bash
# Install the bundle into a fresh folder with the network unused, and ask it the Bollate question.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${BUNDLE_DIR:-dist/psp-qa-bundle}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$BUNDLE.tar.gz" -C "$work"
cd "$work/$(basename "$BUNDLE")"
# No proxy, no index: any attempt to reach a package registry fails.
env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
  bash install.sh --no-start
answer=$(HF_HUB_OFFLINE=1 .venv/bin/psp-qa ask --json --corpus corpus --index index "What made Bollate succeed?")
echo "$answer" | .venv/bin/python -c '
import json, sys
answer = json.load(sys.stdin)
first = answer["passages"][0]
assert answer["in_scope"] and "The success of Bollate was facilitated" in first["text"], first
print("bundle answers:", " › ".join(first["section"][-2:]))
'
