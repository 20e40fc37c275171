#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# /health checks the database (503 when it cannot be read); /metrics is Prometheus text.
curl -sS -i "${auth[@]}" "$url/health"
curl -sS "${auth[@]}" "$url/metrics" | grep -E '^(handover_|hb_)' | head -20
