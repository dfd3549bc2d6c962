#!/usr/bin/env bash
# The Python environment of tests/python (Google's LiteRT interpreter and MediaPipe Tasks, to
# check exported classifiers): a venv in target/py with tests/python/requirements.txt, made or
# updated when the requirements changed. Prints the venv's python on its last line.
# Needs python3 with venv (Debian: python3-venv; deploy/prereqs.sh test installs it) and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
# `python-env.sh bench`: the venv of benches/faiss (faiss for `cbrd bench`) in target/py-bench.
case ${1:-tests} in
  tests) venv=target/py req=tests/python/requirements.txt ;;
  bench) venv=target/py-bench req=benches/faiss/requirements.txt ;;
  *) echo "usage: $0 [tests|bench]" >&2; exit 2 ;;
esac
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "python-env: installing $req into $venv (pip; ~150 MB the first time) ..." >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
  echo "$want" >"$stamp"
fi
echo "$PWD/$venv/bin/python"
