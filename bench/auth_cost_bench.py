#!/usr/bin/env python3
"""What authentication and permission checks cost a GET of a case, on its
own (make bench measures it inside its SQLite loads): the demo council,
an advisor's API token, against the same binary and database served with
--insecure-benchmark-without-auth; prints JSON.

    bench/auth_cost_bench.py [BUILD]
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402


def measure():
    path = os.path.join(run.WORK, "auth-cost.db")
    db = f"sqlite:{path}"
    subprocess.run([run.BIN, "--db", db, "demo", "--now", run.NOW], check=True, capture_output=True)
    run.AUTH["Authorization"] = "Bearer " + run.bench_token(db)
    server = run.Server(db)
    try:
        get, _, _ = run.write_scripts(run.sample_refs(server.port), ["street"])
        return run.auth_cost(db, server, get)
    finally:
        server.stop()
        shutil.rmtree(run.WORK, ignore_errors=True)


if __name__ == "__main__":
    r = measure()
    w, wo = r["with_auth"], r["without_auth"]
    r["throughput_cost"] = 1 - w["rps"] / wo["rps"]
    r["cpu_cost"] = w["cpu_ms"] / wo["cpu_ms"] - 1
    print(json.dumps(r, indent=2))
