#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# The verdict only; nothing is stored. Always 200 for a readable payload: read "valid" and "errors".
curl -sS "${auth[@]}" -H 'Content-Type: application/json' \
  "$url/v1/validate" --data-binary @Examples/handovers/invalid-empty-queue-unresolved.json
