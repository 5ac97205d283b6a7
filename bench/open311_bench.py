#!/usr/bin/env python3
"""Open311 and nearby search over 1 million located cases, on SQLite and
PostgreSQL, through the real server with wrk:

- Open311 POST requests.xml per second (durable: each is a committed case,
  its customer lookup and timeline event), as FixMyStreet posts them
  (form-encoded, api_key, attributes);
- GET requests.xml with a 7-day date window (up to 1000 requests in XML);
- GET /api/v1/cases/nearby (200 m around random points in the borough),
  p50/p99: the spatial index (SQLite R*Tree, PostgreSQL GiST); as many as
  16 connections can get answered (saturation), and again with each
  connection pausing between searches (a given load).

The data: the demo council (its catalogue, users, boundary and Open311
client key), plus N synthetic potholes generated inside the database
(INSERT ... SELECT), every one with a point inside the borough, received over
ten years, one in four still open (the index holds open cases).

  python3 bench/open311_bench.py [build] [--rows N] [--only sqlite|postgres]

Writes bench/results-open311.json; run.py folds it into results.json.
Targets (issue 5): nearby p99 <= 10 ms; Open311 POST >= 3,000/s.
"""
import os
import random
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import run_on_backends  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2026-11-23T12:00:00Z"
DAY0 = 1451606400  # 2016-01-01T00:00:00Z
DAYS = 3650
LAT0, LAT1, LNG0, LNG1 = 51.556, 51.669, -0.304, -0.131  # inside the demo boundary
DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
# Nearby at a given load as well as at saturation: 16 connections, each
# pausing this long between searches (at most 16 x 1000 / 40 = 400/s).
NEARBY_PAUSE_MS = 40

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def log(msg):
    print(f"[open311-bench] {msg}", flush=True)


def generate_sql(dialect, tenant, rows):
    """INSERT ... SELECT of `rows` located potholes."""
    if dialect == "sqlite":
        iso = lambda expr: f"date('2016-01-01', '+' || ({expr}) || ' days')"
        head = f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {rows}) "
        src = "FROM s"
        frac = lambda mul: f"(((i * {mul}) % 100003) / 100003.0)"
    else:
        iso = lambda expr: f"to_char(date '2016-01-01' + ({expr})::int, 'YYYY-MM-DD')"
        head = ""
        src = f"FROM generate_series(1, {rows}) AS s(i)"
        frac = lambda mul: f"(((i::bigint * {mul}) % 100003) / 100003.0)"
    d = f"(i % {DAYS})"
    closed = "(i % 4 <> 0)"
    lat = f"{LAT0} + {frac(7919)} * {LAT1 - LAT0}"
    lng = f"{LNG0} + {frac(104729)} * {LNG1 - LNG0}"
    cols = ("tenant_id, reference, type, status, priority, category, delivery_unit, team, channel, title, description, "
            "lat, lng, address, postcode, ward, answers, sla_policy, received_at, received_on, start_day, resolve_by, "
            "paused_days, extension, closed_at, closed_on, outcome, outcome_notes, created_at, updated_at, version, chasers")
    sel = (f"SELECT {tenant}, 'GEO-' || i, 'service_request', CASE WHEN {closed} THEN 'closed' ELSE 'in_progress' END, "
           f"'normal', 'pothole', 're', '', 'open311', 'Pothole', 'Synthetic pothole', {lat}, {lng}, '', '', '', "
           f"'{{\"depth\":[\"40-100mm\"]}}', '{{}}', {DAY0} + {d} * 86400 + 36000, {iso(d)}, {iso(d)}, {iso(d + ' + 7')}, "
           f"0, 0, CASE WHEN {closed} THEN {DAY0} + ({d} + 3) * 86400 + 36000 END, "
           f"CASE WHEN {closed} THEN {iso(d + ' + 3')} END, CASE WHEN {closed} THEN 'resolved' END, '', "
           f"{DAY0} + {d} * 86400, {DAY0} + {d} * 86400, 1, 0 {src}")
    return f"INSERT INTO cases ({cols}) {head}{sel}"


def nearby_script(path, token, pause_ms=0):
    """Searches 200 m around random points in the borough; with pause_ms,
    each connection waits that long between searches (a given load rather
    than as many as the server can answer)."""
    rng = random.Random(5)
    points = [(rng.uniform(LAT0, LAT1), rng.uniform(LNG0, LNG1)) for _ in range(2000)]
    with open(path, "w") as f:
        f.write(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
        f.write("local pts = {" + ",".join(f'"lat={a:.5f}&long={b:.5f}"' for a, b in points) + "}\n")
        f.write("local i = 0\nrequest = function()\n  i = i + 1\n"
                "  return wrk.format(\"GET\", \"/api/v1/cases/nearby?radius=200&\" .. pts[(i % #pts) + 1])\nend\n")
        if pause_ms:
            f.write(f"delay = function()\n  return {pause_ms}\nend\n")
    return path


def scripts(work, token, key, rows_window):
    nearby = nearby_script(os.path.join(work, "nearby.lua"), token)
    post = os.path.join(work, "open311_post.lua")
    with open(post, "w") as f:
        body = (f"api_key={key}&service_code=pothole&lat=51.6012&long=-0.2101&description=Pothole+%28benchmark%29"
                "&attribute%5Bdepth%5D=40-100mm&email=bench%40example.com&first_name=Bench&last_name=Mark"
                "&deviceid=bench&media_url=https%3A%2F%2Ffms.example%2Fp.jpeg")
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                f'wrk.body = "{body}"\n')
    window = os.path.join(work, "open311_window.lua")
    rng = random.Random(6)
    starts = [DAY0 + rng.randrange(0, DAYS - 8) * 86400 for _ in range(500)]
    fmt = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    with open(window, "w") as f:
        f.write("local q = {" + ",".join(f'"start_date={fmt(s)}&end_date={fmt(s + rows_window * 86400)}"'
                                         for s in starts) + "}\n")
        f.write("local i = 0\nrequest = function()\n  i = i + 1\n"
                "  return wrk.format(\"GET\", \"/open311/v2/requests.xml?\" .. q[(i % #q) + 1])\nend\n")
    return nearby, post, window


def run_backend(label, dialect, url, sqlite_path, binary, rows, work):
    from run import Server, wrk  # noqa: E402 (bench/run.py's server wrapper and wrk runner)
    os.makedirs(sys.modules["run"].WORK, exist_ok=True)  # another benchmark may have tidied it away
    log(f"{label}: demo council")
    demo_out = None
    if dialect == "sqlite":
        demo_out = subprocess.run([binary, "--db", url, "demo", "--now", NOW], check=True, capture_output=True,
                                  text=True).stdout
    else:
        demo = os.path.join(work, "demo-for-pg.db")
        demo_out = subprocess.run([binary, "--db", f"sqlite:{demo}", "demo", "--now", NOW], check=True,
                                  capture_output=True, text=True).stdout
        subprocess.run([binary, "migrate-store", "--from", f"sqlite:{demo}", "--to", url, "--quiet"], check=True,
                       capture_output=True)
    lines = demo_out.splitlines()
    key = next(lines[i + 1].strip() for i, l in enumerate(lines) if l.startswith("Open311 client"))
    log(f"{label}: generating {rows:,} located cases inside the database")
    t1 = time.monotonic()
    if dialect == "sqlite":
        con = sqlite3.connect(sqlite_path)
        tenant = con.execute("SELECT id FROM tenants ORDER BY id LIMIT 1").fetchone()[0]
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -1000000")
        con.execute(generate_sql("sqlite", tenant, rows))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()
    else:
        from reports_bench import psql  # noqa: E402
        tenant = int(psql(url, "SELECT id FROM tenants ORDER BY id LIMIT 1").strip())
        psql(url, "SET synchronous_commit = off; SET maintenance_work_mem = '512MB';\n" +
             generate_sql("postgres", tenant, rows) + ";\nVACUUM ANALYZE cases;")
    gen_s = time.monotonic() - t1
    log(f"{label}: generated in {gen_s:.0f} s")
    token = subprocess.run([binary, "--db", url, "users", "token", "manager@barnet.example", "--name", "open311-bench"],
                           capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    nearby, post, window = scripts(work, token, key, 7)
    server = Server(url)
    base = f"http://127.0.0.1:{server.port}"
    out = {"rows": rows, "generate_s": gen_s}
    try:
        out["nearby"] = wrk(base, nearby, connections=16)
        log(f"{label} nearby: {out['nearby']['rps']:.0f}/s, p99 {out['nearby']['p99_ms']} ms")
        paced = nearby_script(os.path.join(work, "nearby-paced.lua"), token, NEARBY_PAUSE_MS)
        out["nearby_paced"] = wrk(base, paced, connections=16)
        log(f"{label} nearby, each connection pausing {NEARBY_PAUSE_MS} ms: {out['nearby_paced']['rps']:.0f}/s, "
            f"p99 {out['nearby_paced']['p99_ms']} ms")
        out["requests_window"] = wrk(base, window, connections=8)
        log(f"{label} GET requests.xml (7 days): {out['requests_window']['rps']:.0f}/s, "
            f"p99 {out['requests_window']['p99_ms']} ms")
        out["open311_post"] = wrk(base + "/open311/v2/requests.xml", post, connections=64)
        log(f"{label} Open311 POST: {out['open311_post']['rps']:.0f}/s, p99 {out['open311_post']['p99_ms']} ms")
    finally:
        server.stop()
    return out


def main(argv=None):
    return run_on_backends("open311", 1_000_000, run_backend, argv)


if __name__ == "__main__":
    main()
