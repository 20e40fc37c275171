"""Driver for scripts/crash-test --db postgres: two servers on one PostgreSQL under concurrent posts, kill -9 of a
server at random moments and immediate restarts of PostgreSQL itself, then every acknowledged record is checked
in the database. Loopback only; the PostgreSQL cluster is the script's own (pg_ctl must be able to restart it)."""
import argparse
import http.client
import json
import random
import signal
import socket
import subprocess
import threading
import time
import uuid

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--url", required=True)
parser.add_argument("--restart", required=True, help="a shell command that restarts PostgreSQL with -m immediate")
parser.add_argument("--psql", required=True)
parser.add_argument("--kills", type=int, default=20)
parser.add_argument("--restarts", type=int, default=3)
parser.add_argument("--workers", type=int, default=16)
args = parser.parse_args()


def free_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


PORTS = [free_port(), free_port()]
acked = []  # (route, id, marker)
lock = threading.Lock()
counts = {"refused": 0, "503": 0, "503 without Retry-After": 0, "other": 0}
last_ok = [0.0, 0.0]  # per server, when it last answered 2xx
stop = threading.Event()


def start_server(index):
    process = subprocess.Popen([args.binary, "serve", "--db", args.url, "--port", str(PORTS[index]), "--log-level", "error"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORTS[index], timeout=1)
            connection.request("GET", "/openapi.json")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.025)
    raise SystemExit("crash-test: a server did not come up")


def body(route, marker):
    if route == "snapshots":
        return {"sessionId": f"crash-{marker[:8]}", "label": marker, "contactId": "700000001", "context": {"pad": "x" * 300}}
    return {"sessionId": f"crash-{marker[:8]}", "contactId": "700000002", "outcome": {"note": marker},
            "payload": {"externalContactId": "700000002", "queueId": "4301", "transferType": "blind"}}


def worker():
    connections = [None, None]
    while not stop.is_set():
        index = random.randrange(2)
        route = random.choice(("snapshots", "handovers"))
        marker = uuid.uuid4().hex
        try:
            if connections[index] is None:
                connections[index] = http.client.HTTPConnection("127.0.0.1", PORTS[index], timeout=10)
            connections[index].request("POST", f"/v1/{route}", json.dumps(body(route, marker)), {"Content-Type": "application/json"})
            response = connections[index].getresponse()
            answer = response.read()
            with lock:
                if response.status in (200, 201):
                    acked.append((route, json.loads(answer)["id"], marker))
                    last_ok[index] = time.time()
                elif response.status == 503:
                    counts["503"] += 1
                    if not response.getheader("Retry-After"):
                        counts["503 without Retry-After"] += 1
                else:
                    counts["other"] += 1
            if response.status == 503:
                time.sleep(0.05)
        except (OSError, http.client.HTTPException):
            with lock:
                counts["refused"] += 1  # killed mid-request: never acknowledged, so not owed
            connections[index] = None
            time.sleep(0.01)


servers = [start_server(0), start_server(1)]
threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
for thread in threads:
    thread.start()
started = time.time()
restart_at = set(random.sample(range(args.kills), args.restarts))
recoveries = []
for kill in range(args.kills):
    time.sleep(random.uniform(0.2, 1.2))
    index = random.randrange(2)
    servers[index].send_signal(signal.SIGKILL)
    servers[index].wait()
    servers[index] = start_server(index)
    if kill in restart_at:
        subprocess.run(args.restart, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        back = time.time()
        deadline = back + 60
        while time.time() < deadline and min(last_ok) < back:
            time.sleep(0.01)
        recoveries.append(time.time() - back if min(last_ok) >= back else None)
time.sleep(1)
stop.set()
for thread in threads:
    thread.join(timeout=15)
stuck = 0
for server in servers:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        stuck += 1
        server.kill()
        server.wait()
elapsed = time.time() - started


def rows(sql):
    output = subprocess.run([args.psql, args.url, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
    return dict(line.split("\t", 1) for line in output.splitlines() if line)


snapshots = {int(k): v for k, v in rows("SELECT id, label FROM snapshot").items()}
attempts = {int(k): v for k, v in rows("SELECT id, (outcome_json::json)->>'note' FROM handover_attempt").items()}
stored = {"snapshots": snapshots, "handovers": attempts}
lost = [(route, record_id) for route, record_id, marker in acked if stored[route].get(record_id) != marker]
markers = list(snapshots.values()) + list(attempts.values())
duplicates = len(markers) - len(set(markers))
print(f"requests acknowledged: {len(acked)} in {elapsed:.1f} s, server kills: {args.kills}, PostgreSQL restarts: {args.restarts}")
print(f"answered 503 while PostgreSQL was down: {counts['503']} ({counts['503 without Retry-After']} without Retry-After); "
      f"cut off by a kill: {counts['refused']}; other answers: {counts['other']}")
print("serving again after each PostgreSQL restart (both servers): "
      + ", ".join("not within 60 s" if r is None else f"{r:.2f} s" for r in recoveries))
print(f"servers that did not stop within 30 s of SIGTERM: {stuck}")
print(f"rows stored: {len(snapshots)} snapshots, {len(attempts)} handover attempts")
print(f"records lost: {len(lost)}, duplicates: {duplicates}")
ok = (not lost and duplicates == 0 and counts["503 without Retry-After"] == 0 and counts["other"] == 0 and stuck == 0
      and None not in recoveries)
raise SystemExit(0 if ok else 1)
