#!/usr/bin/env python3
"""A real SMTP server for civicdesk's tests (Debian's python3-aiosmtpd) on
127.0.0.1. Prints "PORT <n>" when ready; appends each message it accepts to
--out as one JSON line (envelope, decoded headers and body).

Fault modes: --hang accepts connections and never answers; --drop closes
each connection at once. Recipients containing "reject" get 550 at RCPT.
"""
import argparse
import asyncio
import email
import email.policy
import json
import socket
import sys
import time

from aiosmtpd.smtp import SMTP


class Recorder:
    def __init__(self, out):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["from"] or ""),
            "to": str(msg["to"] or ""),
            "subject": str(msg["subject"] or ""),
            "message_id": str(msg["message-id"] or ""),
            "reference": str(msg["x-civicdesk-reference"] or ""),
            "body": (msg.get_content() if not msg.is_multipart() else "").replace("\r\n", "\n"),
            "raw": raw.decode("utf-8", "replace"),
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 Message accepted"


def serve_faulty(mode):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    print("PORT %d" % s.getsockname()[1], flush=True)
    held = []
    while True:
        conn, _ = s.accept()
        if mode == "drop":
            conn.close()
        else:
            held.append(conn)  # never answered


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--hang", action="store_true")
    p.add_argument("--drop", action="store_true")
    a = p.parse_args()
    if a.hang or a.drop:
        serve_faulty("hang" if a.hang else "drop")
        return
    open(a.out, "a").close()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Recorder(a.out)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="sink.test"), "127.0.0.1", 0))
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
