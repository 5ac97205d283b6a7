#!/usr/bin/env python3
"""civicdesk benchmarks: `make bench` runs this and rewrites BENCHMARKS.md.

Everything runs on this machine, over 127.0.0.1: the SLA clock micro-benchmarks
(Google Benchmark), the demo council build, and HTTP loads driven by wrk
against a Release server on the demo database, for SQLite and for PostgreSQL
(a throwaway cluster started here), including two server processes sharing one
PostgreSQL. The load generator shares the machine's cores with the server, so
throughput figures are lower bounds of what the server alone could do.
"""
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
BIN = os.path.join(ROOT, BUILD, "src", "cli", "civicdesk")
SLA_BENCH = os.path.join(ROOT, BUILD, "bench", "sla_bench")
WORK = tempfile.mkdtemp(prefix="civicdesk-bench.")
DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
NOW = "2026-11-23T12:00:00Z"  # fixed end of the demo history, so runs compare

results = {}
AUTH = {}  # the Authorization header every request sends (set in main)


def log(msg):
    print(f"[bench] {msg}", flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http_json(port, path):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=AUTH)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


class Server:
    # One client sends everything, so the per-client rate limits are off.
    def __init__(self, db, extra=()):
        self.port = free_port()
        self.log = open(os.path.join(WORK, f"server-{self.port}.log"), "w")
        self.proc = subprocess.Popen(
            [BIN, "--db", db, "--log-level", "warn", "serve", "--port", str(self.port),
             "--rate-limit", "0", "--write-rate-limit", "0", "--reminders-every", "0", *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.log.close()


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return None
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50_ms": ms("50"), "p99_ms": ms("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(0) if errors else ""}


RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def wrk(url, script=None, connections=32, threads=2, duration=DURATION):
    """Median of RUNS runs (by throughput): the machine is shared and noisy."""
    runs = sorted((wrk_once(url, script, connections, threads, duration) for _ in range(RUNS)),
                  key=lambda r: r["rps"])
    result = dict(runs[len(runs) // 2])
    result["runs_rps"] = [r["rps"] for r in runs]
    return result


def cpu_seconds(pid):
    """User + system CPU seconds used so far by process `pid` (from /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_cpu(server, url, script, connections, threads, duration):
    """wrk_once, plus the server's CPU milliseconds per request: a figure that
    other work on the machine disturbs much less than throughput."""
    before = cpu_seconds(server.proc.pid)
    r = wrk_once(url, script, connections, threads, duration)
    r["cpu_ms"] = 1000 * (cpu_seconds(server.proc.pid) - before) / max(1, r["rps"] * duration)
    return r


def machine_busy(fn):
    """Runs fn() and returns (its result, the share of all cores' time that
    was busy meanwhile, from /proc/stat)."""
    def ticks():
        with open("/proc/stat") as f:
            cpu = [int(x) for x in f.readline().split()[1:]]
        return sum(cpu), cpu[3] + cpu[4]  # total, idle + iowait
    total0, idle0 = ticks()
    out = fn()
    total1, idle1 = ticks()
    return out, 1 - (idle1 - idle0) / max(1, total1 - total0)


def wrk_once(url, script, connections, threads, duration):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = parse_wrk(out)
    # A figure made of error responses would be a lie: refuse it.
    if result["non_2xx"]:
        raise RuntimeError(f"{result['non_2xx']} non-2xx responses from {url} ({script}):\n{out}")
    return result


def write_scripts(refs, words):
    auth = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in AUTH.items())
    get = os.path.join(WORK, "get.lua")
    with open(get, "w") as f:
        f.write(auth)
        f.write("local refs = {" + ",".join(f'"{r}"' for r in refs) + "}\n")
        f.write("local i = 0\nrequest = function()\n  i = i + 1\n"
                "  return wrk.format(\"GET\", \"/api/v1/cases/\" .. refs[(i % #refs) + 1])\nend\n")
    post = os.path.join(WORK, "post.lua")
    with open(post, "w") as f:
        f.write(auth)
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                'wrk.body = \'{"category":"missed-bin","description":"Bin not collected (benchmark)",'
                '"answers":{"bin_type":"refuse"},"location":{"postcode":"N3 1AB"}}\'\n')
    search = os.path.join(WORK, "search.lua")
    with open(search, "w") as f:
        f.write(auth)
        f.write("local words = {" + ",".join(f'"{w}"' for w in words) + "}\n")
        f.write("local i = 0\nrequest = function()\n  i = i + 1\n"
                "  return wrk.format(\"GET\", \"/api/v1/search?q=\" .. words[(i % #words) + 1])\nend\n")
    return get, post, search


def sample_refs(port, n=1000):
    refs, cursor = [], None
    while len(refs) < n:
        page = http_json(port, "/api/v1/cases?limit=200" + (f"&cursor={cursor}" if cursor else ""))
        refs += [c["reference"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    return refs[:n]


def http_loads(label, db, extra_servers=0, tcp_db=None):
    log(f"HTTP loads on {label}")
    server = Server(db)
    refs = sample_refs(server.port)
    get, post, search = write_scripts(refs, ["pothole", "bin", "graffiti", "smith", "street", "noise"])
    base = f"http://127.0.0.1:{server.port}"
    # Search runs on the demo's own text, before the create load adds
    # hundreds of thousands of identical "benchmark" cases.
    r = {"get": wrk(base, get, connections=32),
         "search": wrk(base, search, connections=16, duration=max(5, DURATION // 2))}
    if label == "SQLite":
        r["auth_cost"] = auth_cost(db, server, get)
    r["create"] = wrk(base + "/api/v1/cases", post, connections=64)
    r["rss_mb"], r["peak_rss_mb"] = server.rss_mb()
    if extra_servers:
        second = Server(db)
        log("two servers on one database: GET, one wrk per server, side by side")
        base2 = f"http://127.0.0.1:{second.port}"
        # Same total connections and load-generator threads in both setups;
        # one and two servers alternate, RUNS times, medians compared.
        ones, twos = [], []

        def side_by_side(urls):
            procs = [subprocess.Popen(["wrk", "-t1", "-c16", f"-d{DURATION}s", "--latency", "-s", get, u],
                                      stdout=subprocess.PIPE, text=True) for u in urls]
            outs, busy = machine_busy(lambda: [parse_wrk(p.communicate()[0]) for p in procs])
            return {"rps": sum(o["rps"] for o in outs), "p99_ms": max(o["p99_ms"] for o in outs),
                    "non_2xx": sum(o["non_2xx"] for o in outs), "cpu_busy": busy}
        for _ in range(RUNS):
            ones.append(side_by_side([base, base]))
            twos.append(side_by_side([base, base2]))
        if any(o["non_2xx"] for o in ones + twos):
            raise RuntimeError("non-2xx responses in the one/two server comparison")
        median = lambda xs: sorted(xs, key=lambda o: o["rps"])[len(xs) // 2]
        r["get_one_server"] = dict(median(ones), runs_rps=[o["rps"] for o in ones])
        r["get_two_servers"] = dict(median(twos), runs_rps=[o["rps"] for o in twos])
        second.stop()
    if tcp_db:
        r["over_tcp"] = tcp_comparison(server, tcp_db, get, post)
    server.stop()
    return r


def tcp_comparison(server, tcp_db, get, post):
    """The same database over loopback TCP instead of its Unix socket:
    a second server, the two alternating RUNS times (half-length runs)."""
    log("PostgreSQL over its Unix socket and over loopback TCP, alternating")
    tcp = Server(tcp_db)
    runs = {k: [] for k in ("get_socket", "get_tcp", "create_socket", "create_tcp")}
    try:
        for _ in range(RUNS):
            for name, srv in (("socket", server), ("tcp", tcp)):
                base = f"http://127.0.0.1:{srv.port}"
                runs["get_" + name].append(wrk_once(base, get, 32, 2, max(5, DURATION // 2)))
                runs["create_" + name].append(wrk_once(base + "/api/v1/cases", post, 64, 2, max(5, DURATION // 2)))
    finally:
        tcp.stop()
    median = lambda xs: dict(sorted(xs, key=lambda o: o["rps"])[len(xs) // 2], runs_rps=[o["rps"] for o in xs])
    return {k: median(v) for k, v in runs.items()}


def auth_cost(db, server, get):
    """GET with and without authentication and permission checks, side by
    side: the same server binary and database, one server per setup,
    alternating RUNS times; medians compared (throughput, and server CPU
    per request)."""
    log("GET with and without authentication (token lookup, principal, permission checks)")
    bare = Server(db, ["--insecure-benchmark-without-auth"])
    base = f"http://127.0.0.1:{server.port}"
    bare_base = f"http://127.0.0.1:{bare.port}"
    with_auth, without = [], []
    for _ in range(RUNS):
        with_auth.append(wrk_cpu(server, base, get, 32, 2, DURATION))
        without.append(wrk_cpu(bare, bare_base, get, 32, 2, DURATION))
    bare.stop()
    median = lambda xs: sorted(xs, key=lambda o: o["rps"])[len(xs) // 2]
    cpu = lambda xs: statistics.median(o["cpu_ms"] for o in xs)
    return {"with_auth": dict(median(with_auth), runs_rps=[o["rps"] for o in with_auth], cpu_ms=cpu(with_auth)),
            "without_auth": dict(median(without), runs_rps=[o["rps"] for o in without], cpu_ms=cpu(without))}


def bench_token(db):
    """A personal API token of the demo council's advisor: every request then
    looks the token up, loads the user and checks permissions, as a member
    of staff's would."""
    out = subprocess.run([BIN, "--db", db, "users", "token", "advisor@barnet.example", "--name", "benchmark"],
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release(), "os": "Debian " + open("/etc/debian_version").read().strip()}


def main():
    results["machine"] = machine()
    results["date"] = time.strftime("%Y-%m-%d")

    log("SLA clock micro-benchmarks")
    out = subprocess.run([SLA_BENCH, "--benchmark_format=json", "--benchmark_min_time=1"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    results["sla"] = {b["name"]: {"ns": b["real_time"], "per_second": b.get("items_per_second")}
                      for b in json.loads(out)["benchmarks"]}

    log("demo council build (SQLite), 3 runs")
    times = []
    for i in range(3):
        db = os.path.join(WORK, f"demo{i}.db")
        t0 = time.monotonic()
        subprocess.run([BIN, "--db", f"sqlite:{db}", "demo", "--now", NOW], check=True, capture_output=True)
        times.append(time.monotonic() - t0)
    results["demo_build_s"] = {"median": statistics.median(times), "runs": times}
    demo = os.path.join(WORK, "demo0.db")
    AUTH["Authorization"] = "Bearer " + bench_token(f"sqlite:{demo}")
    # PostgreSQL gets the demo as it is now, before the SQLite loads add
    # hundreds of thousands of identical "benchmark" cases, so that both
    # databases answer the same searches over the same cases.
    pristine = os.path.join(WORK, "demo-for-postgres.db")
    shutil.copy(demo, pristine)

    results["sqlite"] = http_loads("SQLite", f"sqlite:{demo}")

    log("PostgreSQL: throwaway cluster, copy the demo with migrate-store")
    pgdir = os.path.join(WORK, "pg")
    url = subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "start", pgdir], capture_output=True,
                         text=True, check=True).stdout.strip()
    # On one machine civicdesk reaches PostgreSQL through its Unix socket, as
    # a same-host installation would; loopback TCP is measured beside it.
    with open(os.path.join(pgdir, "socket-url")) as f:
        socket_url = f.read().strip()
    try:
        t0 = time.monotonic()
        subprocess.run([BIN, "migrate-store", "--from", f"sqlite:{pristine}", "--to", url, "--quiet"], check=True,
                       capture_output=True)
        results["migrate_store_s"] = time.monotonic() - t0
        results["postgres"] = http_loads("PostgreSQL", socket_url, extra_servers=1, tcp_db=url)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "stop", pgdir])

    log("import: 1M generated rows with `civicdesk import cases` (SQLite, then PostgreSQL)")
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import import_bench
    pgdir = os.path.join(WORK, "pg-import")
    url = subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "start", pgdir], capture_output=True,
                         text=True, check=True).stdout.strip()
    try:
        results["import"] = import_bench.measure(BIN, WORK, 1_000_000, url)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "stop", pgdir])
    log("Members' Enquiries reports over 10 million cases (bench/reports_bench.py)")
    import reports_bench  # noqa: E402
    results["reports"] = reports_bench.main([BUILD])
    log("Open311 and nearby search over 1 million located cases (bench/open311_bench.py)")
    import open311_bench  # noqa: E402
    results["open311"] = open311_bench.main([BUILD])

    log("outbox delivery to a local SMTP sink and Notify API (bench/outbox_bench.py)")
    import outbox_bench  # noqa: E402
    results["outbox"] = outbox_bench.measure(BIN, 2000)
    log("the cost of queueing residents' messages on case creation (bench/notify_cost_bench.py)")
    import notify_cost_bench  # noqa: E402
    results["notify_cost"] = notify_cost_bench.main([BUILD])

    log("staff console pages: render time on the demo council (bench/pages_bench.py)")
    import pages_bench  # noqa: E402
    results["pages"] = pages_bench.main([BUILD])

    with open(os.path.join(ROOT, "bench", "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "report.py")], check=True)
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
