"""Signs snapshot requests with the Standard Webhooks reference library and checks what the server answers.

    python conformance-webhooks.py URL SECRET [SECRET ...]

The server must have been started with every SECRET as --signing-secret. Prints one line per case and a summary
line "webhooks: N cases, F failures"; exits 1 when any case failed. Used by scripts/conformance.
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

from standardwebhooks.webhooks import Webhook


def post(url, body, headers):
    request = urllib.request.Request(url + "/v1/snapshots", data=body.encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def signed(secret, body, when=None, message_id=None):
    when = when or datetime.now(timezone.utc)
    message_id = message_id or "msg_" + uuid.uuid4().hex
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, when, body),
    }


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: conformance-webhooks.py URL SECRET [SECRET ...] (the server's signing secrets)")
    url, secrets = sys.argv[1].rstrip("/"), sys.argv[2:]

    def body():
        return json.dumps({"sessionId": "standard-webhooks-" + uuid.uuid4().hex, "label": "signed by the reference library"})

    cases = []
    for position, secret in enumerate(secrets):
        text = body()
        cases.append((f"signed with secret {position + 1} of {len(secrets)}", text, signed(secret, text), 201, None))
    text = body()
    rotating = signed(secrets[-1], text)
    stale_key = Webhook(secrets[0]).sign(rotating["webhook-id"], datetime.now(timezone.utc), text + " ")
    rotating["webhook-signature"] = stale_key + " " + rotating["webhook-signature"]
    cases.append(("two signatures, one of them valid (a sender rotating)", text, rotating, 201, None))
    text = body()
    cases.append(("tampered body", text.replace("signed", "forged"), signed(secrets[0], text), 401, "SIGNATURE_INVALID"))
    text = body()
    old = datetime.now(timezone.utc) - timedelta(minutes=10)
    cases.append(("timestamp ten minutes old", text, signed(secrets[0], text, when=old), 401, "SIGNATURE_STALE"))
    text = body()
    missing = signed(secrets[0], text)
    del missing["webhook-signature"]
    # Where an API key is accepted too, an unsigned request is asked for the key instead.
    cases.append(("no webhook-signature header", text, missing, 401, ("SIGNATURE_MISSING", "UNAUTHORIZED")))
    text = body()
    cases.append(("signed with a secret the server does not know", text, signed(unknown_secret(), text), 401, "SIGNATURE_INVALID"))

    failures = 0
    for name, text, headers, status, code in cases:
        got_status, answer = post(url, text, headers)
        got_code = (answer.get("error") or {}).get("code")
        ok = got_status == status and (code is None or got_code in (code if isinstance(code, tuple) else (code,)))
        failures += 0 if ok else 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {got_status} {got_code or ''}".rstrip())
    print(f"webhooks: {len(cases)} cases, {failures} failures")
    sys.exit(1 if failures else 0)


def unknown_secret():
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


if __name__ == "__main__":
    main()
