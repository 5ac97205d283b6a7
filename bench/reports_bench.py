#!/usr/bin/env python3
"""Members' Enquiries committee reports over 10 million cases, on SQLite and
PostgreSQL: each report through the API (GET /api/v1/reports/..., JSON, as
the demo council's manager) side by side with a plain SQL GROUP BY over the
same rows, medians of RUNS runs and their ratio.

The data: the demo council (for its delivery units, users and calendar),
plus N synthetic cases generated inside the database (INSERT ... SELECT from
a recursive CTE on SQLite, generate_series on PostgreSQL, after the normal
migrations): 10 years from 2016, one in seven a top-level Members' Enquiry,
spread over the council's delivery units; 95% closed within 0-12 days, some
with a delay advised, 0-3 chasers each.

  python3 bench/reports_bench.py [build] [--rows N] [--only sqlite|postgres]
        [--keep DIR [--reports me-overdue,...]]

Writes bench/results-reports.json; run.py folds it into results.json.
Databases live in a temporary directory (TMPDIR) and are deleted after;
with --keep DIR they are kept in DIR and reused by the next run with the
same --rows (generating 10 million cases takes minutes), which is how to
compare two builds on the same data: run each build's directory in turn.
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import run_on_backends  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 7
NOW = "2026-11-23T12:00:00Z"
FROM, TO = "2024-01", "2024-12"          # a committee year
QFROM, QTO = "2024-04", "2025-03"        # a financial year
AT = "2025-12-31"                        # the last day of the generated data
DAY0 = 1451606400                        # 2016-01-01T00:00:00Z
DAYS = 3650


def log(msg):
    print(f"[reports-bench] {msg}", flush=True)


def report_targets():
    p = f"from={FROM}&to={TO}"
    return {
        "me-monthly": f"/api/v1/reports/me-monthly?{p}",
        "me-quarterly": f"/api/v1/reports/me-quarterly?from={QFROM}&to={QTO}",
        "me-ageing": f"/api/v1/reports/me-ageing?at={AT}",
        "me-overdue": f"/api/v1/reports/me-overdue?at={AT}",
        "me-chasers": f"/api/v1/reports/me-chasers?{p}",
        "me-days-to-close": f"/api/v1/reports/me-days-to-close?{p}",
        "me-misdirected": f"/api/v1/reports/me-misdirected?{p}",
        "me-escalations": f"/api/v1/reports/me-escalations?{p}",
    }


ME = "type = 'member_enquiry' AND parent_id IS NULL"


def plain_sql(tenant, dialect):
    """The plain GROUP BY each report boils down to (same rows and index, no
    scope, no rendering)."""
    f, t = f"{FROM}-01", f"{TO}-31"
    hint = (lambda i: f" INDEXED BY {i}") if dialect == "sqlite" else (lambda i: "")
    open_at = lambda cols, extra="": (
        f"SELECT {cols} FROM cases{hint('cases_me_open')} WHERE tenant_id = {tenant} AND {ME} AND closed_on IS NULL "
        f"AND received_on <= '{AT}'{extra} UNION ALL SELECT {cols} FROM cases{hint('cases_me_open')} WHERE "
        f"tenant_id = {tenant} AND {ME} AND closed_on > '{AT}' AND received_on <= '{AT}'{extra}")
    return {
        "me-monthly": f"SELECT substr(resolve_by,1,7), delivery_unit, COUNT(*), SUM(CASE WHEN closed_on <= resolve_by THEN 1 ELSE 0 END), "
                      f"SUM(CASE WHEN (closed_on IS NULL OR closed_on > resolve_by) AND delay_advised_on <= resolve_by THEN 1 ELSE 0 END) "
                      f"FROM cases{hint('cases_me_due')} WHERE tenant_id = {tenant} AND {ME} AND resolve_by BETWEEN '{f}' AND '{t}' GROUP BY 1, 2",
        "me-quarterly": f"SELECT substr(resolve_by,1,7), delivery_unit, COUNT(*), SUM(CASE WHEN closed_on <= resolve_by THEN 1 ELSE 0 END) "
                        f"FROM cases{hint('cases_me_due')} WHERE tenant_id = {tenant} AND {ME} AND resolve_by BETWEEN '{QFROM}-01' AND '{QTO}-31' GROUP BY 1, 2",
        "me-ageing": f"SELECT delivery_unit, received_on, COUNT(*) FROM ({open_at('delivery_unit, received_on')}) o GROUP BY 1, 2",
        "me-overdue": open_at("reference, delivery_unit, received_on, resolve_by", f" AND resolve_by < '{AT}'"),
        "me-chasers": f"SELECT delivery_unit, chasers, COUNT(*) FROM cases{hint('cases_me_received')} WHERE tenant_id = {tenant} AND {ME} "
                      f"AND received_on BETWEEN '{f}' AND '{t}' GROUP BY 1, 2",
        "me-days-to-close": f"SELECT delivery_unit, received_on, closed_on, COUNT(*) FROM cases{hint('cases_me_open')} WHERE tenant_id = {tenant} AND {ME} "
                            f"AND closed_on BETWEEN '{f}' AND '{t}' GROUP BY 1, 2, 3",
        "me-misdirected": f"SELECT delivery_unit, decided_at - routed_at FROM case_routings WHERE tenant_id = {tenant} "
                          f"AND outcome = 'misdirected' AND decided_at >= 1704067200 AND decided_at < 1735689600",
        "me-escalations": f"SELECT delivery_unit, COUNT(*) FROM case_escalations WHERE tenant_id = {tenant} "
                          f"AND escalated_at >= 1704067200 AND escalated_at < 1735689600 GROUP BY 1",
    }


def generate_sql(dialect, tenant, units, rows):
    """INSERT ... SELECT of `rows` synthetic cases."""
    n = len(units)
    du = "CASE " + " ".join(f"WHEN i % {n} = {k} THEN '{u}'" for k, u in enumerate(units)) + " END"
    if dialect == "sqlite":
        iso = lambda expr: f"date('2016-01-01', '+' || ({expr}) || ' days')"
        head = f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {rows}) "
        src = "FROM s"
    else:
        iso = lambda expr: f"to_char(date '2016-01-01' + ({expr})::int, 'YYYY-MM-DD')"
        head = ""
        src = f"FROM generate_series(1, {rows}) AS s(i)"
    d = f"(i % {DAYS})"
    closed = "(i % 20 <> 0)"
    close_days = "(i % 13)"
    cols = ("tenant_id, reference, type, status, priority, category, delivery_unit, team, channel, title, description, "
            "address, postcode, ward, answers, sla_policy, received_at, received_on, start_day, resolve_by, paused_days, "
            "extension, closed_at, closed_on, delay_advised_at, delay_advised_on, outcome_notes, created_at, updated_at, "
            "version, chasers")
    sel = (f"SELECT {tenant}, 'BENCH-' || i, CASE WHEN i % 7 = 0 THEN 'member_enquiry' ELSE 'service_request' END, "
           f"CASE WHEN {closed} THEN 'closed' ELSE 'in_progress' END, 'normal', 'general', {du}, '', 'telephone', "
           f"'Bench', 'Synthetic case', '', '', '', '{{}}', '{{}}', {DAY0} + {d} * 86400 + 36000, {iso(d)}, {iso(d)}, "
           f"{iso(d + ' + 7')}, 0, 0, "
           f"CASE WHEN {closed} THEN {DAY0} + ({d} + {close_days}) * 86400 + 36000 END, "
           f"CASE WHEN {closed} THEN {iso(d + ' + ' + close_days)} END, "
           f"CASE WHEN i % 3 = 0 AND {close_days} > 7 THEN {DAY0} + ({d} + 6) * 86400 + 36000 END, "
           f"CASE WHEN i % 3 = 0 AND {close_days} > 7 THEN {iso(d + ' + 6')} END, "
           f"'', {DAY0} + {d} * 86400, {DAY0} + {d} * 86400, 1, i % 4 {src}")
    if dialect == "sqlite":
        return f"INSERT INTO cases ({cols}) {head}{sel}"
    return f"INSERT INTO cases ({cols}) {sel}"


def extras_sql(tenant, units):
    """Routings (misdirected) and escalations for one in 50 enquiries."""
    u = units[0]
    r = ("INSERT INTO case_routings (tenant_id, case_id, delivery_unit, routed_at, routed_by, outcome, decided_at, "
         f"decided_by, reason) SELECT tenant_id, id, delivery_unit, received_at, 'system', 'misdirected', "
         f"received_at + (id % 97) * 3600, 'officer:1', 'Not ours' FROM cases WHERE tenant_id = {tenant} "
         f"AND reference LIKE 'BENCH-%' AND type = 'member_enquiry' AND id % 50 = 0")
    e = ("INSERT INTO case_escalations (tenant_id, case_id, delivery_unit, escalated_at, escalated_by, reason) "
         f"SELECT tenant_id, id, delivery_unit, received_at + 864000, 'member:1', 'Late' FROM cases "
         f"WHERE tenant_id = {tenant} AND reference LIKE 'BENCH-%' AND type = 'member_enquiry' AND id % 50 = 1")
    return [r, e]


def med(xs):
    return statistics.median(xs)


def time_api(port, token, target):
    times = []
    for k in range(RUNS + 1):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{target}", headers={"Authorization": f"Bearer {token}"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=600) as r:
            body = r.read()
        dt = (time.perf_counter() - t0) * 1000
        if k > 0:  # the first run warms the caches
            times.append(dt)
    return med(times), len(body)


def time_sqlite(path, sql):
    con = sqlite3.connect(path)
    times = []
    for k in range(RUNS + 1):
        t0 = time.perf_counter()
        con.execute(sql).fetchall()
        if k > 0:
            times.append((time.perf_counter() - t0) * 1000)
    con.close()
    return med(times)


def psql(url, sql, timing=False):
    args = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt"]
    script = ("\\timing on\n" if timing else "") + sql + "\n"
    return subprocess.run(args, input=script, capture_output=True, text=True, check=True).stdout


def time_pg(url, sql):
    out = psql(url, "\n".join([sql + ";"] * (RUNS + 1)), timing=True)
    ms = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]
    return med(ms[1:])


def explain(dialect, target, sql):
    if dialect == "sqlite":
        con = sqlite3.connect(target)
        plan = "; ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql))
        con.close()
        return plan
    return " | ".join(l.strip() for l in psql(target, "EXPLAIN " + sql).splitlines() if l.strip())[:600]


def setup_backend(label, dialect, url, sqlite_path, binary, rows, work):
    """The demo council plus `rows` generated cases; returns the seconds the generation took."""
    log(f"{label}: demo council")
    t0 = time.monotonic()
    if dialect == "sqlite":
        subprocess.run([binary, "--db", url, "demo", "--now", NOW], check=True, capture_output=True)
    else:
        demo = os.path.join(work, "demo-for-pg.db")
        subprocess.run([binary, "--db", f"sqlite:{demo}", "demo", "--now", NOW], check=True, capture_output=True)
        subprocess.run([binary, "migrate-store", "--from", f"sqlite:{demo}", "--to", url, "--quiet"], check=True,
                       capture_output=True)
        os.remove(demo)
    tenant = tenant_of(dialect, url, sqlite_path)
    if dialect == "sqlite":
        con = sqlite3.connect(sqlite_path)
        units = [r[0] for r in con.execute("SELECT code FROM delivery_units WHERE tenant_id = ? ORDER BY code", (tenant,))]
        log(f"{label}: generating {rows:,} cases inside the database")
        t1 = time.monotonic()
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -1000000")
        con.execute(generate_sql("sqlite", tenant, units, rows))
        for s in extras_sql(tenant, units):
            con.execute(s)
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()
    else:
        units = psql(url, f"SELECT code FROM delivery_units WHERE tenant_id = {tenant} ORDER BY code").split()
        log(f"{label}: generating {rows:,} cases inside the database")
        t1 = time.monotonic()
        psql(url, "SET synchronous_commit = off; SET maintenance_work_mem = '512MB';\n" +
             generate_sql("postgres", tenant, units, rows) + ";\n" + ";\n".join(extras_sql(tenant, units)) +
             ";\nVACUUM ANALYZE cases; VACUUM ANALYZE case_routings; VACUUM ANALYZE case_escalations;")
    gen_s = time.monotonic() - t1
    log(f"{label}: generated in {gen_s:.0f} s (setup {time.monotonic() - t0:.0f} s)")
    return gen_s


def tenant_of(dialect, url, sqlite_path):
    if dialect == "sqlite":
        con = sqlite3.connect(sqlite_path)
        tenant = con.execute("SELECT id FROM tenants ORDER BY id LIMIT 1").fetchone()[0]
        con.close()
        return tenant
    return int(psql(url, "SELECT id FROM tenants ORDER BY id LIMIT 1").strip())


def measure_backend(label, dialect, url, sqlite_path, binary, rows, gen_s, names=None):
    """Each report through the API beside its plain SQL, on a generated store."""
    import run  # noqa: E402 (bench/run.py's server wrapper)
    run.BIN = binary
    tenant = tenant_of(dialect, url, sqlite_path)
    # A kept store already holds earlier runs' tokens: token names are unique.
    name = f"reports-bench-{os.getpid()}-{time.time_ns()}"
    token = subprocess.run([binary, "--db", url, "users", "token", "manager@barnet.example", "--name", name],
                           capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    server = run.Server(url)
    # The load average says whether something else shared the machine.
    out = {"rows": rows, "generate_s": gen_s, "date": time.strftime("%Y-%m-%d"), "load_avg": [os.getloadavg()[0]],
           "reports": {}}
    try:
        sqls = plain_sql(tenant, dialect)
        for name, target in report_targets().items():
            if names and name not in names:
                continue
            api_ms, size = time_api(server.port, token, target)
            sql = sqls[name]
            plain_ms = time_sqlite(sqlite_path, sql) if dialect == "sqlite" else time_pg(url, sql)
            out["reports"][name] = {"api_ms": api_ms, "plain_sql_ms": plain_ms,
                                    "ratio": api_ms / plain_ms if plain_ms > 0 else None, "bytes": size,
                                    "plan": explain(dialect, sqlite_path if dialect == "sqlite" else url, sql)}
            log(f"{label} {name}: API {api_ms:.1f} ms, plain SQL {plain_ms:.1f} ms")
    finally:
        server.stop()
    out["load_avg"].append(os.getloadavg()[0])
    return out


def run_backend(label, dialect, url, sqlite_path, binary, rows, work):
    gen_s = setup_backend(label, dialect, url, sqlite_path, binary, rows, work)
    return measure_backend(label, dialect, url, sqlite_path, binary, rows, gen_s)


def run_kept(a):
    """--keep DIR: the generated stores live in DIR (DIR/sqlite.db and a
    PostgreSQL cluster in DIR/pg) and are reused by later runs with the same
    --rows, since generating 10 million cases takes minutes. The cluster is
    stopped after each run; delete DIR when done."""
    binary = os.path.join(ROOT, a.build, "src", "cli", "civicdesk")
    os.makedirs(a.keep, exist_ok=True)
    cluster = os.path.join(ROOT, "scripts", "pg-cluster.sh")
    names = set(a.reports.split(",")) if a.reports else None
    results = {}

    def kept(key, setup):
        marker = os.path.join(a.keep, f"{key}.json")
        info = json.load(open(marker)) if os.path.exists(marker) else None
        if not info or info["rows"] != a.rows:
            info = {"rows": a.rows, "generate_s": setup()}
            with open(marker, "w") as f:
                json.dump(info, f)
        return info["generate_s"]

    try:
        if a.only in (None, "sqlite"):
            path = os.path.join(a.keep, "sqlite.db")
            url = f"sqlite:{path}"

            def setup():
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(path + suffix):
                        os.remove(path + suffix)
                return setup_backend("SQLite", "sqlite", url, path, binary, a.rows, a.keep)
            gen_s = kept("sqlite", setup)
            results["sqlite"] = measure_backend("SQLite", "sqlite", url, path, binary, a.rows, gen_s, names)
        if a.only in (None, "postgres"):
            pgdir = os.path.join(a.keep, "pg")
            fresh = not os.path.exists(os.path.join(pgdir, "url"))
            if fresh:
                shutil.rmtree(pgdir, ignore_errors=True)
                url = subprocess.run([cluster, "start", pgdir], capture_output=True, text=True, check=True).stdout.strip()
            else:
                subprocess.run([cluster, "restart", pgdir], check=True)
                url = open(os.path.join(pgdir, "url")).read().strip()
            try:
                if fresh and os.path.exists(os.path.join(a.keep, "postgres.json")):
                    os.remove(os.path.join(a.keep, "postgres.json"))
                gen_s = kept("postgres", lambda: setup_backend("PostgreSQL", "postgres", url, None, binary, a.rows, a.keep))
                results["postgres"] = measure_backend("PostgreSQL", "postgres", url, None, binary, a.rows, gen_s, names)
            finally:
                subprocess.run([cluster, "stop", pgdir])
    finally:
        if "run" in sys.modules:  # bench/run.py's own temporary directory (server logs)
            shutil.rmtree(sys.modules["run"].WORK, ignore_errors=True)
    return results


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--keep" not in argv:
        return run_on_backends("reports", 10_000_000, run_backend, argv)
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    ap.add_argument("--keep", metavar="DIR", help="keep and reuse the generated stores in DIR")
    ap.add_argument("--reports", help="only these reports (comma-separated names)")
    a = ap.parse_args(argv)
    a.keep = os.path.abspath(a.keep)
    results = run_kept(a)
    with open(os.path.join(ROOT, "bench", "results-reports.json"), "w") as f:
        json.dump(results, f, indent=2)
    return results


if __name__ == "__main__":
    main()
