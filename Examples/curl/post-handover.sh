#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# Record the payload the flow is about to send to CXone and get its verdict (stored even when invalid).
# With an Idempotency-Key, a retry of the same body answers 200 with the first id and "duplicate": true.
curl -sS -i "${auth[@]}" -H 'Content-Type: application/json' -H 'Idempotency-Key: b7a4e1c2-handover-1' \
  "$url/v1/handovers" --data-binary @Examples/handovers/valid-handover.json
