"""The peer bench-ingest compares ingest with: what a team would write instead, FastAPI on uvicorn storing each
snapshot in SQLite (WAL, synchronous=NORMAL, one transaction per request) before answering 201.

    uvicorn --app-dir Benchmarks/FastAPIPeer peer:app --port PORT --workers 2   (PEER_DB names the database file)
"""
import json
import os
import sqlite3
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

DATABASE = os.environ.get("PEER_DB", "peer.sqlite")
app = FastAPI()
connection = sqlite3.connect(DATABASE, isolation_level=None, check_same_thread=False, timeout=30)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA synchronous=NORMAL")
connection.execute(
    "CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, received_at_ms INTEGER"
    " NOT NULL, body TEXT NOT NULL)"
)
connection.execute("CREATE INDEX IF NOT EXISTS snapshot_session ON snapshot (session_id, received_at_ms)")


@app.post("/v1/snapshots", status_code=201)
async def store_snapshot(request: Request):
    body = await request.body()
    try:
        snapshot = json.loads(body)
    except ValueError:
        return JSONResponse({"error": {"code": "MALFORMED_BODY"}}, status_code=400)
    session = snapshot.get("sessionId") if isinstance(snapshot, dict) else None
    if not isinstance(session, str) or not session:
        return JSONResponse({"error": {"code": "MISSING_SESSION_ID"}}, status_code=400)
    cursor = connection.execute(
        "INSERT INTO snapshot (session_id, received_at_ms, body) VALUES (?, ?, ?)",
        (session, int(time.time() * 1000), body.decode("utf-8", "replace")),
    )
    return {"stored": True, "id": cursor.lastrowid}


@app.get("/health")
async def health():
    return {"status": "ok"}
