#!/usr/bin/env python3
"""Render time of the staff console's pages on the demo council (SQLite):
the work queue (/staff, with several filter choices and pages) and the case
page (/staff/cases/{reference}, a different case each time), signed in as
the demo officer with a session cookie, one request at a time over a
keep-alive connection on 127.0.0.1. Target (issue 7): p99 <= 20 ms.

The time is measured at the client, from sending the request to reading the
whole body: it includes the request pipeline (session lookup, rate limits,
headers) and the loopback, so it is an upper bound of the render alone.

  python3 bench/pages_bench.py [build] [--requests N]

Writes bench/results-pages.json; run.py folds it into results.json.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2026-11-23T12:00:00Z"
TARGET_MS = 20.0


def log(msg):
    print(f"[pages-bench] {msg}", flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        h = {"Host": "127.0.0.1"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        t0 = time.perf_counter()
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        elapsed = (time.perf_counter() - t0) * 1000
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return r.status, data.decode("utf-8", "replace"), elapsed


def sign_in(c, email, password):
    status, body, _ = c.request("GET", "/sign-in")
    token = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrf": token, "email": email, "password": password, "next": "/account"})
    status, body, _ = c.request("POST", "/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 303:
        raise RuntimeError(f"sign-in failed: {status}")


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0]
    return f"{cpu}, {os.cpu_count()} cores, 1-minute load average {load:.1f}"


def measure(binary, requests=500):
    work = tempfile.mkdtemp(prefix="civicdesk-pages-bench.")
    db = os.path.join(work, "demo.db")
    try:
        log("demo council (SQLite)")
        subprocess.run([binary, "--db", f"sqlite:{db}", "demo", "--now", NOW], check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([binary, "--db", f"sqlite:{db}", "--log-level", "warn", "serve", "--port", str(port),
                                   "--rate-limit", "0", "--write-rate-limit", "0", "--public-rate-limit", "0",
                                   "--reminders-every", "0", "--outbox-workers", "0"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            c = Client(port)
            sign_in(c, "officer@barnet.example", "civicdesk-demo")
            queues = ["/staff", "/staff?queue=team", "/staff?queue=unit", "/staff?queue=unit&overdue=yes",
                      "/staff?queue=unit&status=all", "/staff?queue=unit&assigned=unassigned",
                      "/staff?queue=unit&priority=high", "/staff?queue=unit&status=closed"]
            # Next pages too, and the references of cases to open.
            refs = []
            for q in list(queues):
                status, body, _ = c.request("GET", q)
                assert status == 200, (q, status)
                body = body.replace("&#x2F;", "/")  # mustache escapes "/" in attributes
                refs += re.findall(r'href="/staff/cases/([A-Z0-9-]+)"', body)
                nxt = re.search(r'href="([^"]+)" rel="next"', body)
                if nxt:
                    queues.append(nxt.group(1).replace("&amp;", "&"))
            refs = list(dict.fromkeys(refs))
            assert refs, "the queues list cases"
            log(f"{len(queues)} queue views, {len(refs)} cases; warming up")
            for i in range(50):
                c.request("GET", queues[i % len(queues)])
                c.request("GET", f"/staff/cases/{refs[i % len(refs)]}")
            out = {}
            for label, paths in (("queue", queues), ("case", [f"/staff/cases/{r}" for r in refs])):
                times, sizes, by_path = [], [], {}
                for i in range(requests):
                    status, body, ms = c.request("GET", paths[i % len(paths)])
                    assert status == 200, (paths[i % len(paths)], status)
                    times.append(ms)
                    sizes.append(len(body))
                    by_path.setdefault(paths[i % len(paths)], []).append(ms)
                if label == "queue":
                    for path, ts in by_path.items():
                        log(f"  {path}: median {statistics.median(ts):.2f} ms")
                out[label] = {"requests": requests, "p50_ms": statistics.median(times), "p99_ms": percentile(times, 99),
                              "max_ms": max(times), "mean_kb": statistics.mean(sizes) / 1024,
                              "met": percentile(times, 99) <= TARGET_MS}
                log(f"{label}: p50 {out[label]['p50_ms']:.2f} ms, p99 {out[label]['p99_ms']:.2f} ms "
                    f"({requests} requests, {out[label]['mean_kb']:.0f} KB pages)")
            out["target_p99_ms"] = TARGET_MS
            out["date"] = time.strftime("%Y-%m-%d")
            out["machine"] = machine()
            return out
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    requests = 500
    if "--requests" in argv:
        i = argv.index("--requests")
        requests = int(argv[i + 1])
        del argv[i:i + 2]
    build = argv[0] if argv else "build"
    binary = os.path.join(ROOT, build, "src", "cli", "civicdesk")
    out = measure(binary, requests)
    with open(os.path.join(ROOT, "bench", "results-pages.json"), "w") as f:
        json.dump(out, f, indent=2)
    return out


if __name__ == "__main__":
    main()
