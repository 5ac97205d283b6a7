#!/usr/bin/env python3
"""A webhook receiver for civicdesk's tests, on 127.0.0.1: records every
request (method, path, headers, body) and answers with the statuses queued
by POST /_test/respond {"statuses": [500, 200]} (then 200). GET
/_test/requests returns what arrived. Prints "PORT <n>" when ready."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"requests": [], "statuses": [], "lock": threading.Lock()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once

    def log_message(self, *a):
        pass

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_test/requests":
            with STATE["lock"]:
                return self.reply(200, STATE["requests"])
        return self.reply(404, {})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
        if self.path == "/_test/respond":
            with STATE["lock"]:
                STATE["statuses"] = json.loads(body)["statuses"]
            return self.reply(200, {})
        with STATE["lock"]:
            status = STATE["statuses"].pop(0) if STATE["statuses"] else 200
            STATE["requests"].append({"method": "POST", "path": self.path, "status": status,
                                      "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        return self.reply(status, {})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
