#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# What was recorded for one bot session, in the order received (limit: 1 to 1000, default 1000).
session="${1:-b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11}"
curl -sS "${auth[@]}" "$url/v1/snapshots?sessionId=$session&limit=20"
echo
curl -sS "${auth[@]}" "$url/v1/handovers?sessionId=$session"
