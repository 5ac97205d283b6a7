#!/usr/bin/env python3
"""Writes BENCHMARKS.md from bench/results.json (made by bench/run.py) and the
hand-written commentary in bench/notes.md."""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
r = json.load(open(os.path.join(ROOT, "bench", "results.json")))
m = r["machine"]


def verdict(ok):
    return "met" if ok else "**short**"


def fmt(v, digits=0):
    return "n/a" if v is None else f"{v:,.{digits}f}"


lines = [
    "# civicdesk benchmarks",
    "",
    "Written by `make bench` (bench/run.py, bench/report.py); raw figures in bench/results.json.",
    "",
    f"Measured {r['date']} on: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, "
    f"Linux {m['kernel']}. Release build. The load generator (wrk) runs on the same cores as the server, "
    "so HTTP throughput is a lower bound of what the server alone could do. Medians of repeated runs where stated.",
    "",
    "## Targets (foundation issue, SQLite)",
    "",
    "| what | target | measured | |",
    "|---|---|---|---|",
]
s, sla = r["sqlite"], r["sla"]
due = sla["BM_DueDates"]["per_second"]
lines += [
    f"| durable case creation (POST /api/v1/cases, fsync per group commit) | ≥ 5,000/s | {fmt(s['create']['rps'])}/s "
    f"(p99 {fmt(s['create']['p99_ms'], 1)} ms) | {verdict(s['create']['rps'] >= 5000)} |",
    f"| GET a case | ≥ 20,000/s, p99 ≤ 5 ms | {fmt(s['get']['rps'])}/s, p50 {fmt(s['get']['p50_ms'], 2)} ms, "
    f"p99 {fmt(s['get']['p99_ms'], 2)} ms | {verdict(s['get']['rps'] >= 20000 and (s['get']['p99_ms'] or 99) <= 5)} |",
    f"| due-date computation | ≥ 10 million/s | {fmt(due / 1e6, 1)} million/s | {verdict(due >= 10e6)} |",
    f"| demo council build | ≤ 10 s | {fmt(r['demo_build_s']['median'], 2)} s (median of 3) | "
    f"{verdict(r['demo_build_s']['median'] <= 10)} |",
    f"| server resident memory under that load | ≤ 100 MB | {fmt(s['peak_rss_mb'], 0)} MB peak | "
    f"{verdict(s['peak_rss_mb'] <= 100)} |",
    "",
    "## What authentication and permissions cost (security issue, SQLite)",
    "",
]
a = s.get("auth_cost")
if a:
    w, wo = a["with_auth"], a["without_auth"]
    cost = 1 - w["rps"] / wo["rps"]
    lines += [
        "GET a case with an advisor's personal API token (token digest looked up, user and teams loaded, "
        "permission and record-scope checks, view audited where required) against the same binary and database "
        "served with `--insecure-benchmark-without-auth` (loopback only: every request acts as the system). "
        "The two servers are measured alternately; medians of the runs.",
        "",
        "| GET a case | throughput | p99 | server CPU per request |",
        "|---|---|---|---|",
        f"| with authentication | {fmt(w['rps'])}/s | {fmt(w['p99_ms'], 2)} ms | {fmt(w.get('cpu_ms'), 3)} ms |",
        f"| without | {fmt(wo['rps'])}/s | {fmt(wo['p99_ms'], 2)} ms | {fmt(wo.get('cpu_ms'), 3)} ms |",
    ]
    se = a.get("session")
    if se:
        ws, wos = se["with_session"], se["without_auth"]
        lines += [
            f"| with a session cookie (as the pages) | {fmt(ws['rps'])}/s | {fmt(ws['p99_ms'], 2)} ms | "
            f"{fmt(ws['cpu_ms'], 3)} ms |",
            f"| without (its own alternating runs) | {fmt(wos['rps'])}/s | {fmt(wos['p99_ms'], 2)} ms | "
            f"{fmt(wos['cpu_ms'], 3)} ms |",
        ]
    lines += [
        "",
        f"Authentication and permission checks cost {fmt(cost * 100, 1)}% of GET throughput "
        f"(target ≤ 10%): {verdict(cost <= 0.10)}."
        + (f" Server CPU per request: {fmt((w['cpu_ms'] / wo['cpu_ms'] - 1) * 100, 1)}% more."
           if w.get("cpu_ms") and wo.get("cpu_ms") else "")
        + (f" With a session cookie: {fmt((1 - se['with_session']['rps'] / se['without_auth']['rps']) * 100, 1)}% "
           f"(target ≤ 10%): {verdict(se['with_session']['rps'] / se['without_auth']['rps'] >= 0.9)}."
           if se else ""),
        "",
    ]
lines += [
    "## SQLite and PostgreSQL side by side",
    "",
    "Same demo council (copied to PostgreSQL with `civicdesk migrate-store`), same loads; each figure is the "
    "median of three runs (bench/results.json has every run). civicdesk reaches the PostgreSQL on this machine "
    "through its Unix socket, as a same-host installation would; loopback TCP is measured below.",
    "",
    "| load | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |",
    "|---|---|---|---|",
]
p = r.get("postgres")
if p:
    def row(name, key, metric="rps", unit="/s", digits=0):
        a, b = s[key][metric], p[key][metric]
        return f"| {name} | {fmt(a, digits)}{unit} | {fmt(b, digits)}{unit} | {fmt(b / a if a else None, 2)} |"

    lines += [
        row("case creation (durable)", "create"),
        row("GET a case: throughput", "get"),
        row("GET a case: p50", "get", "p50_ms", " ms", 2),
        row("GET a case: p99", "get", "p99_ms", " ms", 2),
        row("full-text search (/api/v1/search)", "search"),
        row("full-text search: p99", "search", "p99_ms", " ms", 1),
        "",
        f"PostgreSQL case creation is {fmt(p['create']['rps'] / s['create']['rps'], 2)}× SQLite's "
        f"(target: within 2×, i.e. ≥ 0.5): {verdict(p['create']['rps'] / s['create']['rps'] >= 0.5)}.",
        "",
        "### One and two server processes on one PostgreSQL",
        "",
        "| GET a case | throughput | p99 | cores busy (of the machine's) |",
        "|---|---|---|---|",
        f"| one server (two wrk, 16 connections each) | {fmt(p['get_one_server']['rps'])}/s | "
        f"{fmt(p['get_one_server']['p99_ms'], 2)} ms | {fmt(p['get_one_server'].get('cpu_busy', 0) * 100)}% |",
        f"| two servers (one wrk each, 16 connections each) | {fmt(p['get_two_servers']['rps'])}/s | "
        f"{fmt(p['get_two_servers']['p99_ms'], 2)} ms | {fmt(p['get_two_servers'].get('cpu_busy', 0) * 100)}% |",
        "",
        f"Ratio two ÷ one: {fmt(p['get_two_servers']['rps'] / p['get_one_server']['rps'], 2)} "
        "(target: grows with the second process). When one server already keeps every core busy, the database, "
        "the servers and the load generator share the same cores and a second process has nothing to add.",
        "",
    ]
    t = p.get("over_tcp")
    if t:
        lines += [
            "### PostgreSQL through its Unix socket and over loopback TCP",
            "",
            "One server on each, alternating, half-length runs, medians.",
            "",
            "| load | Unix socket | loopback TCP | TCP ÷ socket |",
            "|---|---|---|---|",
            f"| case creation | {fmt(t['create_socket']['rps'])}/s | {fmt(t['create_tcp']['rps'])}/s | "
            f"{fmt(t['create_tcp']['rps'] / t['create_socket']['rps'], 2)} |",
            f"| GET a case | {fmt(t['get_socket']['rps'])}/s | {fmt(t['get_tcp']['rps'])}/s | "
            f"{fmt(t['get_tcp']['rps'] / t['get_socket']['rps'], 2)} |",
            "",
        ]
    lines += [
        f"`migrate-store` copied and verified the demo council in {fmt(r.get('migrate_store_s'), 1)} s.",
    ]
lines += ["", "## SLA clock micro-benchmarks (Google Benchmark)", "", "| benchmark | ns per call | per second |",
          "|---|---|---|"]
for name, b in sla.items():
    lines.append(f"| {name} | {fmt(b['ns'], 1)} | {fmt(b['per_second'] / 1e6, 1) + ' million' if b['per_second'] else ''} |")
notes = os.path.join(ROOT, "bench", "notes.md")
if os.path.exists(notes):
    lines += ["", open(notes).read().rstrip()]
imp = r.get("import")
if imp:
    lines += [
        "",
        "## Import (`civicdesk import cases`, bench/import_bench.py)",
        "",
        f"{imp['rows']:,} generated rows ({imp['csv_mb']:.0f} MB of CSV), checked then written in one transaction:",
        "",
        "| database | seconds | rows/s | target (1M rows < 60 s) |",
        "|---|---|---|---|",
    ]
    for key, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        if key in imp:
            lines.append(f"| {label} | {imp[key]['seconds']:.1f} | {fmt(imp[key]['rows_per_s'])} | "
                         f"{verdict(imp[key]['seconds'] < 60 * imp['rows'] / 1_000_000)} |")


def measured(rep):
    """When the reports were measured and how busy the machine was (1-minute load averages)."""
    runs = [b for b in (rep.get("sqlite"), rep.get("postgres")) if b and b.get("date")]
    if not runs:
        return ""
    loads = [x for b in runs for x in b.get("load_avg", [])]
    load = f"; 1-minute load average {min(loads):.1f} to {max(loads):.1f}" if loads else ""
    return f" Measured {runs[0]['date']} on {m['cpu']}, {m['cores']} cores{load}."


rep = r.get("reports")
if rep:
    lines += ["", "## Members' Enquiries reports over 10 million cases (bench/reports_bench.py)", "",
              "Each report through the API (JSON, as the demo council's manager; median of 7 after a warm-up) beside "
              "the plain SQL GROUP BY it boils down to over the same rows (same medians). Periods: 2024-01 to "
              "2024-12 (quarterly 2024-04 to 2025-03), snapshots at 2025-12-31. Target: each report ≤ 250 ms."
              + measured(rep), "",
              "| backend | report | API ms | plain SQL ms | ratio | |", "|---|---|---|---|---|---|"]
    for backend in ("sqlite", "postgres"):
        b = rep.get(backend)
        if not b:
            continue
        for name, x in b["reports"].items():
            lines.append(f"| {backend} ({b['rows']:,} cases) | {name} | {fmt(x['api_ms'], 1)} | "
                         f"{fmt(x['plain_sql_ms'], 1)} | {fmt(x['ratio'], 2)} | {verdict(x['api_ms'] <= 250)} |")

ob = r.get("outbox")
if ob:
    lines += ["", "## Outbox delivery (`civicdesk outbox deliver`, bench/outbox_bench.py)", "",
              "Messages leased, handed to a local peer on 127.0.0.1 and recorded as sent, one worker, SQLite "
              "(every outcome committed durably before the next message); whole-process timings, median of 3.", "",
              "| provider | messages | seconds | messages/s |", "|---|---|---|---|"]
    for key, label in (("smtp", "SMTP sink (python3-aiosmtpd)"), ("notify_sms", "local GOV.UK Notify API, SMS")):
        if key in ob:
            lines.append(f"| {label} | {ob[key]['messages']:,} | {fmt(ob[key]['median_s'], 2)} | "
                         f"{fmt(ob[key]['per_second'])} |")

nc = r.get("notify_cost")
if nc and "with_messages_rps" in nc:
    nc = {"sqlite": nc}  # results from before PostgreSQL was measured too
if nc:
    pct = lambda xs: ", ".join(f"{x * 100:.1f}%" for x in xs)
    any_nc = next(iter(nc.values()))
    added = lambda x: x.get("added_cost", 1 - x["with_messages_rps"] / x["without_messages_rps"])
    lines += ["", "## Queueing residents' messages on case creation (bench/notify_cost_bench.py)", "",
              f"wrk POST /api/v1/cases (64 connections, each case linked to a customer with an email address) with "
              f"the customer-message triggers on and off on one server: {any_nc.get('pairs', 3)} back-to-back pairs of "
              f"{any_nc.get('seconds', 10)} s runs, the order within a pair alternating; each pair gives one added cost and "
              "the median over pairs is the figure. CPU per create counts PostgreSQL's processes on PostgreSQL. "
              "Target: ≤ 10% added cost.", "",
              "| backend | creates/s, on | creates/s, off | CPU ms per create, on | off | added cost (pairs) | "
              "added CPU | |", "|---|---|---|---|---|---|---|---|"]
    for key, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        if key in nc:
            x = nc[key]
            lines.append(f"| {label} | {fmt(x['with_messages_rps'])} | {fmt(x['without_messages_rps'])} | "
                         f"{fmt(x['cpu_ms_with'], 3)} | {fmt(x['cpu_ms_without'], 3)} | "
                         f"{added(x) * 100:.1f}% ({pct(x.get('added_cost_pairs', []))}) | "
                         f"{x['cpu_ms_with'] / x['cpu_ms_without'] * 100 - 100:.1f}% | {verdict(added(x) <= 0.10)} |")
o311 = r.get("open311")
if o311:
    lines += ["", "## Open311 and nearby search over 1 million located cases (bench/open311_bench.py)", "",
              "Synthetic potholes with points inside the borough, one in four open (the spatial index holds open "
              "cases). Open311 POST as FixMyStreet sends it (form-encoded, api_key, attributes; each a committed "
              "case); GET requests.xml with a 7-day window (up to 1000 requests); nearby: 200 m around random points "
              "(SQLite R*Tree, PostgreSQL GiST), 16 connections: as many searches as the server can answer "
              "(saturation: the latency is mostly waiting in line), then a given load, each connection pausing "
              "40 ms between searches. Targets: nearby p99 ≤ 10 ms (judged at the given load), Open311 POST ≥ "
              "3,000/s.", "",
              "| backend | what | per second | p50 ms | p99 ms | |", "|---|---|---|---|---|---|"]
    for backend in ("sqlite", "postgres"):
        b = o311.get(backend)
        if not b:
            continue
        for key, label, ok in (("open311_post", "Open311 POST requests.xml", lambda x: x["rps"] >= 3000),
                               ("requests_window", "GET requests.xml, 7-day window", None),
                               ("nearby", "GET /api/v1/cases/nearby, saturation", None),
                               ("nearby_paced", "GET /api/v1/cases/nearby, given load",
                                lambda x: (x["p99_ms"] or 99) <= 10)):
            x = b.get(key)
            if not x:
                continue
            lines.append(f"| {backend} ({b['rows']:,} cases) | {label} | {fmt(x['rps'])} | {fmt(x['p50_ms'], 2)} | "
                         f"{fmt(x['p99_ms'], 2)} | {verdict(ok(x)) if ok else ''} |")

pages = r.get("pages")
if pages:
    lines += ["", "## Staff console pages on the demo council (bench/pages_bench.py)", "",
              "Signed in as the demo officer (session cookie), one request at a time over a keep-alive connection "
              "on 127.0.0.1: the work queue (/staff with eight filter choices and their next pages) and the case page "
              "(/staff/cases/{reference}, every case those queues list, in turn). Timed at the client from sending "
              "the request to reading the whole page, so the pipeline and loopback are included: an upper bound of "
              "the render time. SQLite. Target (issue 7): p99 ≤ 20 ms."
              + (f" Measured {pages['date']} on {pages['machine']}." if pages.get("date") else ""), "",
              "| page | requests | p50 ms | p99 ms | max ms | page size | |", "|---|---|---|---|---|---|---|"]
    for key, label in (("queue", "work queue"), ("case", "case page")):
        x = pages[key]
        lines.append(f"| {label} | {x['requests']:,} | {fmt(x['p50_ms'], 2)} | {fmt(x['p99_ms'], 2)} | "
                     f"{fmt(x['max_ms'], 2)} | {fmt(x['mean_kb'])} KB | {verdict(x['p99_ms'] <= pages['target_p99_ms'])} |")

open(os.path.join(ROOT, "BENCHMARKS.md"), "w").write("\n".join(lines) + "\n")
print("BENCHMARKS.md written")
