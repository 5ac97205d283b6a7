#!/usr/bin/env python3
"""What queueing a resident's acknowledgement adds to creating a case: wrk
POST /api/v1/cases (as the demo council's advisor, each case linked to a
customer with an email address) with the acknowledgement and survey
triggers switched on, then off (PUT /api/v1/notification-settings as the
manager), alternating RUNS times on one server, medians compared. Besides
throughput, the server's own CPU time per case created (from /proc) is
compared, which other work on the machine disturbs much less.

    bench/notify_cost_bench.py [BUILD]
"""
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

RUNS = 3
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


def measure():
    path = os.path.join(run.WORK, "notify-cost.db")
    db = f"sqlite:{path}"
    subprocess.run([run.BIN, "--db", db, "demo", "--now", run.NOW], check=True, capture_output=True)
    con = sqlite3.connect(path)
    customer = con.execute("SELECT customer_id FROM customer_emails ORDER BY customer_id LIMIT 1").fetchone()[0]
    con.close()
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
    on, off, cpu_on, cpu_off = [], [], [], []
    try:
        for _ in range(RUNS):
            put_settings(server.port, manager, [])
            r = run.wrk_cpu(server, url, script, 64, 2, 10)
            on.append(r["rps"])
            cpu_on.append(r["cpu_ms"])
            put_settings(server.port, manager, TRIGGERS)
            r = run.wrk_cpu(server, url, script, 64, 2, 10)
            off.append(r["rps"])
            cpu_off.append(r["cpu_ms"])
    finally:
        server.stop()
        shutil.rmtree(run.WORK, ignore_errors=True)
    result = {"with_messages_rps": statistics.median(on), "without_messages_rps": statistics.median(off),
              "runs_with": on, "runs_without": off,
              "cpu_ms_with": statistics.median(cpu_on), "cpu_ms_without": statistics.median(cpu_off),
              "runs_cpu_ms_with": cpu_on, "runs_cpu_ms_without": cpu_off}
    result["added_cost"] = 1 - result["with_messages_rps"] / result["without_messages_rps"]
    result["added_cpu"] = result["cpu_ms_with"] / result["cpu_ms_without"] - 1
    return result


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
