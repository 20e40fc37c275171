#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# The same snapshot form-encoded, as the Cognigy HTTP Request node sends it by default. --data-urlencode
# does the percent-encoding; context carries JSON as a string and data[lang] shows the bracket form.
curl -sS -i "${auth[@]}" "$url/v1/snapshots" \
  --data-urlencode 'sessionId=b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11' \
  --data-urlencode 'label=Ask for agent' \
  --data-urlencode 'intent=agent_request' \
  --data-urlencode 'confidence=0.91' \
  --data-urlencode 'context={"data":{"contactId":"700000001","spawnedContactId":"700000002"}}' \
  --data-urlencode 'data[lang]=en-US'
