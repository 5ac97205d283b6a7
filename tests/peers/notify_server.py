#!/usr/bin/env python3
"""A local GOV.UK Notify-compatible API for civicdesk's tests, on 127.0.0.1.

It checks what the real API checks, as its documentation describes
(docs.notifications.service.gov.uk/rest-api.html):
  * Authorization: Bearer <JWT>, header {"alg":"HS256","typ":"JWT"}, claims
    iss = the service id and iat = now (within 30 s), signed with the API
    key's secret; otherwise 403 AuthError.
  * POST /v2/notifications/{email,sms,letter} bodies: the documented fields
    only, each of the right type; a known template id; every placeholder of
    the template given in personalisation; UK mobile numbers; letters with at
    least address_line_1, address_line_2 and a postcode as the last line.
    Otherwise 400 ValidationError / BadRequestError.
  * Success: 201 with the notification's id.
  * GET /v2/notifications?reference=R lists the notifications with that reference.

For the tests: GET /_test/notifications returns everything accepted;
POST /_test/fail {"status": 429, "count": 2} makes the next sends fail so;
--delay-ms holds each accepted send (after recording it) before answering.
Prints "PORT <n>" when ready.
"""
import argparse
import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from urllib.parse import parse_qs, urlparse

from json_http import JsonHandler, serve

STATE = {"notifications": [], "fail": [], "lock": threading.Lock()}
ARGS = None
TEMPLATES = {}  # id -> (type, placeholders)

FIELDS = {
    "email": {"email_address", "template_id", "personalisation", "reference", "email_reply_to_id", "one_click_unsubscribe_url"},
    "sms": {"phone_number", "template_id", "personalisation", "reference", "sms_sender_id"},
    "letter": {"template_id", "personalisation", "reference"},
}
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.I)


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def error(status, kind, message):
    return status, {"errors": [{"error": kind, "message": message}], "status_code": status}


def check_token(header):
    if not header or not header.startswith("Bearer "):
        return "Unauthorized: authentication token must be provided"
    token = header[7:]
    parts = token.split(".")
    if len(parts) != 3:
        return "Invalid token: not a JWT"
    try:
        head = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except Exception:
        return "Invalid token: not a JWT"
    if head != {"alg": "HS256", "typ": "JWT"}:
        return "Invalid token: header must be {\"alg\":\"HS256\",\"typ\":\"JWT\"}"
    expected = hmac.new(ARGS.secret.encode(), (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, b64url_decode(parts[2])):
        return "Invalid token: signature, api token not found"
    if claims.get("iss") != ARGS.service_id:
        return "Invalid token: iss field not provided or not the service id"
    iat = claims.get("iat")
    if not isinstance(iat, int) or abs(time.time() - iat) > 30:
        return "Error: Your system clock must be accurate to within 30 seconds"
    return None


def validate(kind, body):
    if not isinstance(body, dict):
        return error(400, "ValidationError", "Request body must be a JSON object")
    extra = set(body) - FIELDS[kind]
    if extra:
        return error(400, "ValidationError", "Additional properties are not allowed (%s were unexpected)" % ", ".join(sorted(extra)))
    for f in body:
        if f != "personalisation" and not isinstance(body[f], str):
            return error(400, "ValidationError", "%s is not of type string" % f)
    if "template_id" not in body:
        return error(400, "ValidationError", "template_id is a required property")
    if body["template_id"] not in TEMPLATES or TEMPLATES[body["template_id"]][0] != kind:
        return error(400, "BadRequestError", "Template not found")
    pers = body.get("personalisation", {})
    if not isinstance(pers, dict):
        return error(400, "ValidationError", "personalisation is not of type object")
    missing = [p for p in TEMPLATES[body["template_id"]][1] if p not in pers]
    if missing:
        return error(400, "BadRequestError", "Missing personalisation: %s" % ", ".join(missing))
    if kind == "email":
        if "email_address" not in body:
            return error(400, "ValidationError", "email_address is a required property")
        if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", body["email_address"]):
            return error(400, "ValidationError", "email_address Not a valid email address")
    if kind == "sms":
        if "phone_number" not in body:
            return error(400, "ValidationError", "phone_number is a required property")
        digits = re.sub(r"[\s()+-]", "", body["phone_number"])
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        if not re.match(r"^07\d{9}$", digits):
            return error(400, "ValidationError", "phone_number Not a UK mobile number")
    if kind == "letter":
        lines = [pers.get("address_line_%d" % i, "").strip() for i in range(1, 8)]
        given = [l for l in lines if l]
        if not pers.get("address_line_1") or not pers.get("address_line_2"):
            return error(400, "ValidationError", "personalisation address_line_1 and address_line_2 are required")
        if len(given) < 3 or not POSTCODE.match(given[-1]):
            return error(400, "ValidationError", "Must be a real UK postcode")
    return None


class Handler(JsonHandler):
    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/_test/notifications":
            with STATE["lock"]:
                return self.reply(200, STATE["notifications"])
        problem = check_token(self.headers.get("Authorization"))
        if problem:
            return self.reply(*error(403, "AuthError", problem))
        if url.path == "/v2/notifications":
            ref = parse_qs(url.query).get("reference", [None])[0]
            with STATE["lock"]:
                found = [n["response"] | {"status": "sending"} for n in STATE["notifications"]
                         if ref is None or n["reference"] == ref]
            return self.reply(200, {"notifications": found, "links": {"current": self.path}})
        return self.reply(*error(404, "ResourceNotFound", "No result found"))

    def do_POST(self):
        url = urlparse(self.path)
        raw = self.body()
        if url.path == "/_test/fail":
            spec = json.loads(raw)
            with STATE["lock"]:
                STATE["fail"] = [spec["status"]] * spec.get("count", 1)
            return self.reply(200, {})
        problem = check_token(self.headers.get("Authorization"))
        if problem:
            return self.reply(*error(403, "AuthError", problem))
        m = re.fullmatch(r"/v2/notifications/(email|sms|letter)", url.path)
        if not m:
            return self.reply(*error(404, "ResourceNotFound", "No result found"))
        kind = m.group(1)
        with STATE["lock"]:
            if STATE["fail"]:
                status = STATE["fail"].pop(0)
                kinds = {429: "RateLimitError", 400: "BadRequestError", 403: "AuthError"}
                msg = "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds" if status == 429 else "Internal server error"
                return self.reply(*error(status, kinds.get(status, "Exception"), msg))
        try:
            body = json.loads(raw)
        except Exception:
            return self.reply(*error(400, "ValidationError", "Request body is not valid JSON"))
        problem = validate(kind, body)
        if problem:
            return self.reply(*problem)
        nid = str(uuid.uuid4())
        response = {"id": nid, "reference": body.get("reference"), "uri": "/v2/notifications/" + nid,
                    "template": {"id": body["template_id"], "version": 1, "uri": "/v2/template/" + body["template_id"]},
                    "content": {}}
        with STATE["lock"]:
            STATE["notifications"].append({"type": kind, "id": nid, "reference": body.get("reference"),
                                           "request": body, "response": response})
        if ARGS.delay_ms:
            time.sleep(ARGS.delay_ms / 1000.0)
        return self.reply(201, response)


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--service-id", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--email-template", required=True)
    p.add_argument("--sms-template", required=True)
    p.add_argument("--letter-template", required=True)
    p.add_argument("--delay-ms", type=int, default=0)
    ARGS = p.parse_args()
    TEMPLATES[ARGS.email_template] = ("email", ["subject", "body"])
    TEMPLATES[ARGS.sms_template] = ("sms", ["body"])
    TEMPLATES[ARGS.letter_template] = ("letter", ["address_line_1", "address_line_2", "subject", "body"])
    serve(Handler)


if __name__ == "__main__":
    main()
