#!/usr/bin/env python3
"""A webhook receiver for civicdesk's tests, on 127.0.0.1: records every
request (method, path, headers, body) and answers with the statuses queued
by POST /_test/respond {"statuses": [500, 200]} (then 200). GET
/_test/requests returns what arrived. Prints "PORT <n>" when ready."""
import json
import threading

from json_http import JsonHandler, serve

STATE = {"requests": [], "statuses": [], "lock": threading.Lock()}


class Handler(JsonHandler):
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
    serve(Handler)


if __name__ == "__main__":
    main()
