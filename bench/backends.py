"""Runs one benchmark on SQLite and on a throwaway PostgreSQL cluster, the
way reports_bench.py and open311_bench.py both need: parses
`[build] [--rows N] [--only sqlite|postgres]`, calls
run_backend(label, dialect, url, sqlite_path, binary, rows, work) per
backend, writes bench/results-<name>.json and returns the results."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_on_backends(name, default_rows, run_backend, argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--rows", type=int, default=default_rows)
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    a = ap.parse_args(argv)
    binary = os.path.join(ROOT, a.build, "src", "cli", "civicdesk")
    work = tempfile.mkdtemp(prefix=f"civicdesk-{name}-bench.")
    cluster = os.path.join(ROOT, "scripts", "pg-cluster.sh")
    results = {}
    try:
        if a.only in (None, "sqlite"):
            path = os.path.join(work, f"{name}.db")
            results["sqlite"] = run_backend("SQLite", "sqlite", f"sqlite:{path}", path, binary, a.rows, work)
            os.remove(path)
        if a.only in (None, "postgres"):
            pgdir = os.path.join(work, "pg")
            url = subprocess.run([cluster, "start", pgdir], capture_output=True, text=True, check=True).stdout.strip()
            try:
                results["postgres"] = run_backend("PostgreSQL", "postgres", url, None, binary, a.rows, work)
            finally:
                subprocess.run([cluster, "stop", pgdir])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if "run" in sys.modules:  # bench/run.py's own temporary directory (server logs)
            shutil.rmtree(sys.modules["run"].WORK, ignore_errors=True)
    with open(os.path.join(ROOT, "bench", f"results-{name}.json"), "w") as f:
        json.dump(results, f, indent=2)
    return results
