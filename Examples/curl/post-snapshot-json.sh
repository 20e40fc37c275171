#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# A session snapshot as JSON: answers 201 {"id", "sessionId", "receivedAt", "warnings"} once committed.
curl -sS -i "${auth[@]}" -H 'Content-Type: application/json' "$url/v1/snapshots" --data-binary @- <<'JSON'
{"sessionId":"b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11","userId":"+4915112345678","channel":"voiceGateway2",
 "label":"Collect reason","intent":"billing_question","confidence":0.82,"text":"I have a question about my bill",
 "timestamp":"2026-11-24T10:15:00.120Z","context":{"data":{"contactId":"700000001","spawnedContactId":"700000002"}}}
JSON
