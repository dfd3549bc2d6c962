#!/usr/bin/env bash
# Regenerates src/export/{tflite_schema,metadata_schema}.rs from the .fbs files (planus 1.3.0).
set -euo pipefail
cd "$(dirname "$0")"
command -v planus >/dev/null || { echo "planus-cli missing: cargo install planus-cli --version 1.3.0 --locked" >&2; exit 1; }
planus rust -o ../tflite_schema.rs schema.fbs
planus rust -o ../metadata_schema.rs metadata_schema.fbs
echo "generated ../tflite_schema.rs and ../metadata_schema.rs"
