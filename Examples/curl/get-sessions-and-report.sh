#!/usr/bin/env bash
# Run from the repository root against a server started with `swift run handover-trace serve`.
# HANDOVER_URL defaults to http://127.0.0.1:8080; set HANDOVER_KEY when the server has --api-key.
set -euo pipefail
url="${HANDOVER_URL:-http://127.0.0.1:8080}"
auth=(); [ -n "${HANDOVER_KEY:-}" ] && auth=(-H "X-API-Key: $HANDOVER_KEY")

# Diagnosed sessions, newest first; add &cursor=<nextCursor> for the next page.
curl -sS "${auth[@]}" "$url/v1/sessions?failuresOnly=true&since=24h&limit=5"
echo
# One session by bot session id or any contact id, with its diagnosis and timeline.
curl -sS "${auth[@]}" "$url/v1/sessions/${1:-b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11}" || true
echo
# The whole report as CSV (also text, json, md, html), and the diagnosis catalogue.
curl -sS "${auth[@]}" "$url/v1/report?format=csv&since=7d" | head -5
curl -sS "${auth[@]}" "$url/v1/codes" | head -c 300
echo
# The incident packet of one session, as a zip.
curl -sS "${auth[@]}" -o incident.zip -w "incident.zip: %{http_code}, %{size_download} bytes\n" \
  "$url/v1/sessions/${1:-b7a4e1c2-5d1f-4c1e-9d8a-2f0c1e6b7a11}/packet"
# Live events as the flow posts them (Ctrl-C to stop).
echo "live events: curl -N $url/v1/stream"
