#!/usr/bin/env bash
# `make bundle`: one folder (and a .tar.gz of it) that installs and runs psp-qa with no network:
# every wheel needed, the corpus, the prebuilt index, and install.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BUNDLE_DIR:-dist/psp-qa-bundle}
PIP=".venv/bin/python -m pip"
rm -rf "$OUT"
mkdir -p "$OUT/wheels"
$PIP download --quiet --dest "$OUT/wheels" torch==2.13.0
$PIP wheel --quiet --no-deps --wheel-dir "$OUT/wheels" .
$PIP download --quiet --dest "$OUT/wheels" -c requirements-lock.txt "$OUT"/wheels/psp_qa-*.whl
cp -r corpus "$OUT/corpus"
mkdir -p "$OUT/index"
build=$(cat index/CURRENT)
cp index/CURRENT index/README.md "$OUT/index/"
cp -r "index/$build" "$OUT/index/$build"
cat > "$OUT/install.sh" <<'SH'
#!/usr/bin/env bash
# Install psp-qa from the wheels in this folder (no network), then start the page.
set -euo pipefail
cd "$(dirname "$0")"
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_FIND_LINKS="$PWD/wheels" HF_HUB_OFFLINE=1
unset PIP_EXTRA_INDEX_URL PIP_INDEX_URL
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --no-index --find-links wheels torch==2.13.0
.venv/bin/python -m pip install --quiet --no-index --find-links wheels psp-qa
if [ "${1:-}" = "--no-start" ]; then exit 0; fi
exec .venv/bin/psp-qa serve --corpus corpus --index index
SH
chmod +x "$OUT/install.sh"
tar -czf "$OUT.tar.gz" -C "$(dirname "$OUT")" "$(basename "$OUT")"
du -sh "$OUT" "$OUT.tar.gz"
