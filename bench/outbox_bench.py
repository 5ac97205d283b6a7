#!/usr/bin/env python3
"""Outbox throughput: how many messages per second `civicdesk outbox deliver`
hands to a local SMTP sink (python3-aiosmtpd) and to the local GOV.UK
Notify-compatible API (tests/peers/), whole-process timings, median of 3.

The messages are written straight into a migrated SQLite database (setup,
not measured); the measured part is leasing, sending and recording each
message, one worker per provider.

    bench/outbox_bench.py [BUILD] [--messages N]
"""
import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICE = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
EMAIL_T = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_T = "8b3d6a3f-0d4f-4c1e-9f64-2a4c0c6b8e11"
LETTER_T = "c8d5d7a1-1a6e-4d0e-8f5b-7d9c2e3f4a55"


def start_peer(script, args):
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tests", "peers", script)] + args,
                         stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    assert line.startswith("PORT "), line
    return p, int(line.split()[1])


def prepare(binary, work, n, channel, recipient):
    db = os.path.join(work, f"outbox-{channel}-{time.monotonic_ns()}.db")
    subprocess.run([binary, "--db", f"sqlite:{db}", "migrate"], capture_output=True, check=True)
    con = sqlite3.connect(db)
    now = int(time.time())
    con.executemany(
        "INSERT INTO outbox (tenant_id, created_at, channel, recipient, template, subject, body, personalisation, "
        "case_id, idempotency_key, status, attempts, next_attempt_at, last_error, sent_at, provider_reference) "
        "VALUES (1, ?, ?, ?, 'acknowledgement', 'Report received', ?, '{}', NULL, ?, 'queued', 0, ?, '', NULL, '')",
        [(now, channel, recipient, f"Thank you for your report {i}.", f"bench:{i}", now) for i in range(n)])
    con.commit()
    con.close()
    return db


def deliver(binary, db, args):
    t0 = time.monotonic()
    out = subprocess.run([binary, "--db", f"sqlite:{db}", "--tenant", "bench", "outbox", "deliver"] + args,
                         capture_output=True, text=True, check=True).stdout
    return time.monotonic() - t0, out.strip()


def measure(binary, n=2000, runs=3):
    work = tempfile.mkdtemp(prefix="civicdesk-outbox-bench.")
    results = {}
    sink_out = os.path.join(work, "sink.jsonl")
    smtp, smtp_port = start_peer("smtp_sink.py", ["--out", sink_out])
    notify, notify_port = start_peer("notify_server.py", ["--service-id", SERVICE, "--secret", SECRET,
                                                          "--email-template", EMAIL_T, "--sms-template", SMS_T,
                                                          "--letter-template", LETTER_T])
    try:
        cases = {
            "smtp": ("email", "resident@example.com",
                     ["--smtp-url", f"smtp://127.0.0.1:{smtp_port}", "--smtp-from", "noreply@bench.example"]),
            "notify_sms": ("sms", "+447700900123",
                           ["--notify-base-url", f"http://127.0.0.1:{notify_port}", "--notify-api-key",
                            f"bench-{SERVICE}-{SECRET}", "--notify-sms-template", SMS_T]),
        }
        for name, (channel, recipient, args) in cases.items():
            times = []
            for _ in range(runs):
                db = prepare(binary, work, n, channel, recipient)
                seconds, out = deliver(binary, db, args)
                assert out.startswith(f"Delivered {n} "), out
                times.append(seconds)
            med = statistics.median(times)
            results[name] = {"messages": n, "median_s": med, "per_second": n / med, "runs": times}
            print(f"{name}: {n} messages, median {med:.2f} s, {n / med:.0f}/s", file=sys.stderr)
    finally:
        smtp.kill()
        notify.kill()
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--messages", type=int, default=2000)
    a = ap.parse_args()
    print(json.dumps(measure(os.path.join(ROOT, a.build, "src", "cli", "civicdesk"), a.messages), indent=2))
