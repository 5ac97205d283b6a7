#!/usr/bin/env python3
"""What queueing a resident's acknowledgement adds to creating a case: wrk
POST /api/v1/cases (as the demo council's advisor, each case linked to a
customer with an email address) with the acknowledgement and survey
triggers switched on and off (PUT /api/v1/notification-settings as the
manager) on one server, in PAIRS back-to-back pairs of short runs. Each pair
gives one added cost, so drift on the machine (other work, the database
growing, checkpoints) falls on both halves of a pair; the order within a
pair alternates so that neither setting always runs second. The median over
pairs is the figure. Besides throughput, the server's own CPU time per case
created (from /proc) is compared the same way; on PostgreSQL the
PostgreSQL backends' CPU time is counted with the server's.

SQLite, then PostgreSQL (a throwaway cluster given the same demo council with
migrate-store, reached through its Unix socket as on one host):

    bench/notify_cost_bench.py [BUILD] [--only sqlite|postgres]
"""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (BIN, WORK, Server, wrk, bench_token)

PAIRS = 9
SECONDS = 6
TRIGGERS = ["case_acknowledgement", "case_status_changed", "case_delay", "case_response", "case_closed"]


def token(db, email):
    out = subprocess.run([run.BIN, "--db", db, "users", "token", email, "--name", "notify-cost"],
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def put_settings(port, manager, disabled):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/notification-settings", method="PUT",
                                 data=json.dumps({"disabled": disabled}).encode(),
                                 headers={"Authorization": "Bearer " + manager, "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).read()


def postgres_cpu_seconds():
    """CPU time of every PostgreSQL process on the machine (the benchmark's
    throwaway cluster is the only one running)."""
    total = 0
    for pid in subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split():
        try:
            total += run.cpu_seconds(int(pid))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def measure(postgres_url=None):
    """SQLite, or with postgres_url the same demo copied into that (empty)
    PostgreSQL database."""
    path = os.path.join(run.WORK, "notify-cost.db")
    db = f"sqlite:{path}"
    subprocess.run([run.BIN, "--db", db, "demo", "--now", run.NOW], check=True, capture_output=True)
    con = sqlite3.connect(path)
    customer = con.execute("SELECT customer_id FROM customer_emails ORDER BY customer_id LIMIT 1").fetchone()[0]
    con.close()
    if postgres_url:
        subprocess.run([run.BIN, "migrate-store", "--from", db, "--to", postgres_url, "--quiet"], check=True,
                       capture_output=True)
        db = postgres_url
    run.AUTH["Authorization"] = "Bearer " + run.bench_token(db)
    manager = token(db, "manager@barnet.example")
    script = os.path.join(run.WORK, "post-customer.lua")
    with open(script, "w") as f:
        f.write(f'wrk.headers["Authorization"] = "{run.AUTH["Authorization"]}"\n')
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                'wrk.body = \'{"category":"missed-bin","description":"Bin not collected (benchmark)",'
                f'"customer_id":{customer},"answers":{{"bin_type":"refuse"}},"location":{{"postcode":"N3 1AB"}}}}\'\n')
    server = run.Server(db)
    url = f"http://127.0.0.1:{server.port}/api/v1/cases"
    runs = {True: [], False: []}
    try:
        for pair in range(PAIRS):
            for messages_on in ((True, False) if pair % 2 == 0 else (False, True)):
                put_settings(server.port, manager, [] if messages_on else TRIGGERS)
                pg_before = postgres_cpu_seconds() if postgres_url else 0
                r = run.wrk_cpu(server, url, script, 64, 2, SECONDS)
                if postgres_url:
                    r["cpu_ms"] += 1000 * (postgres_cpu_seconds() - pg_before) / max(1, r["rps"] * SECONDS)
                runs[messages_on].append(r)
    finally:
        server.stop()
        for leftover in (path, path + "-wal", path + "-shm", script):
            if os.path.exists(leftover):
                os.remove(leftover)
    med = statistics.median
    on, off = runs[True], runs[False]
    added = [1 - a["rps"] / b["rps"] for a, b in zip(on, off)]
    added_cpu = [a["cpu_ms"] / b["cpu_ms"] - 1 for a, b in zip(on, off)]
    return {"pairs": PAIRS, "seconds": SECONDS,
            "with_messages_rps": med(r["rps"] for r in on), "without_messages_rps": med(r["rps"] for r in off),
            "runs_with": [r["rps"] for r in on], "runs_without": [r["rps"] for r in off],
            "cpu_ms_with": med(r["cpu_ms"] for r in on), "cpu_ms_without": med(r["cpu_ms"] for r in off),
            "added_cost": med(added), "added_cost_pairs": added,
            "added_cpu": med(added_cpu), "added_cpu_pairs": added_cpu}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    a = ap.parse_args(argv)
    run.BIN = os.path.join(run.ROOT, a.build, "src", "cli", "civicdesk")
    results = {}
    if a.only in (None, "sqlite"):
        results["sqlite"] = measure()
    if a.only in (None, "postgres"):
        os.makedirs(run.WORK, exist_ok=True)
        pgdir = os.path.join(run.WORK, "pg-notify-cost")
        cluster = os.path.join(run.ROOT, "scripts", "pg-cluster.sh")
        subprocess.run([cluster, "start", pgdir], capture_output=True, text=True, check=True)
        try:
            with open(os.path.join(pgdir, "socket-url")) as f:
                results["postgres"] = measure(f.read().strip())
        finally:
            subprocess.run([cluster, "stop", pgdir], capture_output=True)
    return results


if __name__ == "__main__":
    try:
        print(json.dumps(main(), indent=2))
    finally:
        shutil.rmtree(run.WORK, ignore_errors=True)
