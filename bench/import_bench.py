#!/usr/bin/env python3
"""Import throughput: `civicdesk import cases` on generated rows.

    bench/import_bench.py [BUILD_DIR] [ROWS]   # SQLite, and PostgreSQL when pg-cluster.sh can start one

run.py calls measure() for BENCHMARKS.md. The CSV mixes every column: civicdesk
names for delivery units (two created by --create-missing), categories,
councillors (created), London local times across clock changes, closed and
open cases, delay notices on Members' Enquiries, quoted descriptions.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

UNITS = ["Street Scene", "Parks and Open Spaces", "Highways Legacy"]
TYPES = ["service_request", "general_enquiry", "member_enquiry", "complaint", "foi_request"]
CATEGORIES = ["Fly-tipping", "Graffiti", "Abandoned trolleys", ""]
MEMBERS = [f"Cllr Legacy Member {i}" for i in range(60)]


def write_csv(path, rows, seed=1):
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        f.write("reference,type,delivery_unit,category,received_at,delay_advised_at,closed_at,raised_by,channel,"
                "description\n")
        base = 1262304000  # 2010-01-01
        for i in range(rows):
            t = TYPES[i % len(TYPES)]
            received = base + rng.randrange(0, 12 * 365 * 86400)
            rec = time.strftime("%Y-%m-%d %H:%M", time.gmtime(received))
            took = rng.randrange(3600, 40 * 86400)
            closed = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(received + took)) if i % 3 else ""
            delay = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(received + took // 2)) \
                if t == "member_enquiry" and closed and i % 2 else ""
            member = MEMBERS[i % len(MEMBERS)] if t == "member_enquiry" else ""
            f.write(f"OLD/{i // 100000}/{i:07d},{t},{UNITS[i % 3]},{CATEGORIES[i % 4]},{rec},{delay},{closed},"
                    f"{member},telephone,\"Row {i}: bins, \"\"again\"\" on the high street\"\n")


def run_import(binary, db_url, csv):
    t0 = time.monotonic()
    out = subprocess.run([binary, "--db", db_url, "--log-level", "warn", "import", "cases", csv, "--create-missing"],
                         capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    if out.returncode != 0:
        raise RuntimeError(f"import failed ({out.returncode}): {out.stderr[-2000:]}")
    return elapsed


def make_council(binary, db_url):
    # The smallest demo council: its catalogue and calendar are what matter here.
    subprocess.run([binary, "--db", db_url, "demo", "--customers", "10", "--contacts", "10", "--cases", "10"],
                   check=True, capture_output=True)


def measure(binary, work, rows=1_000_000, pg_url=None):
    csv = os.path.join(work, "import.csv")
    write_csv(csv, rows)
    out = {"rows": rows, "csv_mb": os.path.getsize(csv) / 1e6}
    db = os.path.join(work, "import.db")
    make_council(binary, f"sqlite:{db}")
    s = run_import(binary, f"sqlite:{db}", csv)
    out["sqlite"] = {"seconds": s, "rows_per_s": rows / s}
    if pg_url:
        make_council(binary, pg_url)
        s = run_import(binary, pg_url, csv)
        out["postgres"] = {"seconds": s, "rows_per_s": rows / s}
    return out


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    binary = os.path.join(ROOT, build, "src", "cli", "civicdesk")
    work = tempfile.mkdtemp(prefix="civicdesk-import-bench.")
    pgdir = os.path.join(work, "pg")
    url = None
    try:
        url = subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "start", pgdir], capture_output=True,
                             text=True, check=True).stdout.strip()
    except Exception as e:  # noqa: BLE001 - PostgreSQL is optional here
        print(f"PostgreSQL not measured: {e}")
    try:
        r = measure(binary, work, rows, url)
        print(r)
    finally:
        if url:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "stop", pgdir])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
