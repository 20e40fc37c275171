"""Driver for scripts/crash-test: load, SIGKILL, restart, then verify every acknowledged record. Loopback only."""
import argparse
import http.client
import json
import random
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import uuid

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--db", required=True)
parser.add_argument("--kills", type=int, default=25)
parser.add_argument("--workers", type=int, default=16)
parser.add_argument("--sync", default="normal")
args = parser.parse_args()

port = socket.socket()
port.bind(("127.0.0.1", 0))
PORT = port.getsockname()[1]
port.close()

acked = []            # (route, id, marker)
acked_lock = threading.Lock()
failures = {"refused": 0, "5xx": 0, "other": 0}
stop = threading.Event()


def start_server():
    process = subprocess.Popen([args.binary, "serve", "--db", args.db, "--port", str(PORT), "--sync", args.sync,
                                "--log-level", "error"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.025)
    raise SystemExit("crash-test: the server did not come up")


def body(route, marker):
    if route == "snapshots":
        return {"sessionId": f"crash-{marker[:8]}", "label": marker, "intent": "agent_request", "confidence": 0.9,
                "contactId": "700000001", "context": {"data": {"spawnedContactId": "700000002"}, "pad": "x" * 300}}
    return {"sessionId": f"crash-{marker[:8]}", "contactId": "700000002", "outcome": {"note": marker},
            "payload": {"externalContactId": "700000002", "queueId": "4301", "transferType": "blind",
                        "metadata": {"botSessionId": marker, "intent": "agent_request", "confidence": 0.9}}}


def worker():
    connection = None
    while not stop.is_set():
        route = random.choice(("snapshots", "handovers"))
        marker = uuid.uuid4().hex
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("POST", f"/v1/{route}", json.dumps(body(route, marker)), {"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
            if response.status in (200, 201):
                with acked_lock:
                    acked.append((route, json.loads(answer)["id"], marker))
            elif response.status >= 500:
                failures["5xx"] += 1
            else:
                failures["other"] += 1
        except (OSError, http.client.HTTPException):
            failures["refused"] += 1   # the server was killed mid-request: not acknowledged, so not owed
            connection = None
            time.sleep(0.01)


server = start_server()
threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
for thread in threads:
    thread.start()
started = time.time()
for kill in range(args.kills):
    time.sleep(random.uniform(0.2, 1.2))
    server.send_signal(signal.SIGKILL)
    server.wait()
    server = start_server()
time.sleep(0.5)
stop.set()
for thread in threads:
    thread.join(timeout=10)
server.send_signal(signal.SIGTERM)
server.wait(timeout=30)
elapsed = time.time() - started

database = sqlite3.connect(args.db)
snapshots = dict(database.execute("SELECT id, label FROM snapshot"))
attempts = dict(database.execute("SELECT id, json_extract(outcome_json, '$.note') FROM handover_attempt"))
stored = {"snapshots": snapshots, "handovers": attempts}
lost = [(route, record_id) for route, record_id, marker in acked if stored[route].get(record_id) != marker]
markers = list(snapshots.values()) + list(attempts.values())
duplicates = len(markers) - len(set(markers))
integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
print(f"requests acknowledged: {len(acked)} in {elapsed:.1f} s ({len(acked) / elapsed:.0f}/s), kills: {args.kills}, "
      f"sync: {args.sync}")
print(f"requests cut off by a kill (never acknowledged): {failures['refused']}, 5xx: {failures['5xx']}, other: {failures['other']}")
print(f"rows stored: {len(snapshots)} snapshots, {len(attempts)} handover attempts")
print(f"records lost: {len(lost)}, duplicates: {duplicates}, integrity_check: {integrity}")
raise SystemExit(0 if not lost and duplicates == 0 and integrity == "ok" else 1)
