#!/usr/bin/env python3
"""What authentication and permission checks cost a GET of a case, on its
own (make bench measures it inside its SQLite loads): the demo council,
an advisor's API token, against the same binary and database served with
--insecure-benchmark-without-auth; then the same GETs signed in with the
advisor's session cookie (as the pages are), against the same bare server;
prints JSON.

    bench/auth_cost_bench.py [BUILD]
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402


def session_cookie(port):
    """Signs in as the demo advisor through the API: the session cookie."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/session", method="POST",
                                 data=json.dumps({"email": "advisor@barnet.example",
                                                  "password": "civicdesk-demo"}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.headers["Set-Cookie"].split(";", 1)[0]


def session_cost(db, server, get):
    """GET with the session cookie against the bare server, alternating."""
    cookie = session_cookie(server.port)
    script = get.replace(".lua", "-session.lua")
    with open(get) as f, open(script, "w") as out:
        for line in f:
            out.write(f'wrk.headers["Cookie"] = "{cookie}"\n' if "Authorization" in line else line)
    bare = run.Server(db, ["--insecure-benchmark-without-auth"])
    with_session, without = [], []
    try:
        for _ in range(run.RUNS):
            with_session.append(run.wrk_cpu(server, f"http://127.0.0.1:{server.port}", script, 32, 2, run.DURATION))
            without.append(run.wrk_cpu(bare, f"http://127.0.0.1:{bare.port}", script, 32, 2, run.DURATION))
    finally:
        bare.stop()
    median = lambda xs: sorted(xs, key=lambda o: o["rps"])[len(xs) // 2]
    cpu = lambda xs: statistics.median(o["cpu_ms"] for o in xs)
    return {"with_session": dict(median(with_session), runs_rps=[o["rps"] for o in with_session],
                                 cpu_ms=cpu(with_session)),
            "without_auth": dict(median(without), runs_rps=[o["rps"] for o in without], cpu_ms=cpu(without))}


def measure():
    path = os.path.join(run.WORK, "auth-cost.db")
    db = f"sqlite:{path}"
    subprocess.run([run.BIN, "--db", db, "demo", "--now", run.NOW], check=True, capture_output=True)
    run.AUTH["Authorization"] = "Bearer " + run.bench_token(db)
    server = run.Server(db)
    try:
        get, _, _ = run.write_scripts(run.sample_refs(server.port), ["street"])
        result = run.auth_cost(db, server, get)
        result["session"] = session_cost(db, server, get)
        return result
    finally:
        server.stop()
        shutil.rmtree(run.WORK, ignore_errors=True)


if __name__ == "__main__":
    r = measure()
    w, wo = r["with_auth"], r["without_auth"]
    r["throughput_cost"] = 1 - w["rps"] / wo["rps"]
    r["cpu_cost"] = w["cpu_ms"] / wo["cpu_ms"] - 1
    ws, wos = r["session"]["with_session"], r["session"]["without_auth"]
    r["session"]["throughput_cost"] = 1 - ws["rps"] / wos["rps"]
    r["session"]["cpu_cost"] = ws["cpu_ms"] / wos["cpu_ms"] - 1
    print(json.dumps(r, indent=2))
