#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# ?strict=true: an invalid payload is still stored, but answered 422 so a flow whose HTTP node has
# "Abort Flow Execution on Error" stops before calling CXone.
curl -sS -i "${auth[@]}" -H 'Content-Type: application/json' \
  "$url/v1/handovers?strict=true" --data-binary @Examples/handovers/invalid-placeholder-contact.json
