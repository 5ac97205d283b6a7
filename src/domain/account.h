// People who sign in (staff, councillors, residents), their sessions, API
// tokens for other systems, and what gets written to the audit trail.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "domain/access.h"
#include "domain/time.h"

namespace civicdesk {

struct User {
  Id id = 0;
  std::string email;  // normalised; unique per council
  std::string name;
  Role role = Role::kResident;
  std::string password_hash;  // Argon2id (libsodium's encoded form)
  std::optional<Id> officer_id;   // staff roles
  std::optional<Id> member_id;    // councillors
  std::optional<Id> customer_id;  // residents
  bool email_verified = false;
  std::optional<std::string> totp_secret;  // base32; set once confirmed
  bool active = true;
  Instant created_at{}, updated_at{};
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie's secret, hex
  Id user_id = 0;
  std::string csrf_token;
  Instant created_at{}, last_seen_at{}, expires_at{};
  std::optional<Instant> revoked_at;
  bool second_factor = false;  // TOTP checked (or not required)
  std::string address, user_agent;
};

struct ApiToken {
  Id id = 0;
  std::string token_hash;
  std::string name;               // "fixmystreet", "highways-system", "jo's script"
  std::optional<Id> user_id;      // acts as this user; else a client with scopes
  std::set<std::string> scopes;   // clients only
  Instant created_at{};
  std::optional<Instant> expires_at, revoked_at, last_used_at;
};

struct Throttle {
  int failures = 0;
  Instant last_failure_at{};
  Instant blocked_until{};
};

// Exponential backoff after repeated failed sign-ins: none for the first
// `free` failures, then 1, 2, 4 ... seconds, at most `cap`.
std::chrono::seconds backoff(int failures, int free = 4, std::chrono::seconds cap = std::chrono::minutes(15));

struct AuditEntry {
  Id id = 0;
  Instant at{};
  std::string actor;    // Principal::actor_tag()
  std::string address;  // client address
  std::string action;   // "case.create", "customer.view", "session.login_failed", ...
  std::string entity;   // "case", "customer", "user", ...
  std::string entity_id;
  std::map<std::string, std::string> details;  // identifiers and field names, never personal data
};

// A message to send, as written to the outbox.
struct OutboxMessage {
  Id id = 0;
  Instant created_at{};
  std::string channel;    // "email", "sms", "letter", "webhook"
  std::string recipient;  // address, E.164 number, URL
  std::string template_name;
  std::string subject;
  std::string body;
  std::map<std::string, std::string> personalisation;
  std::optional<Id> case_id;
  std::string idempotency_key;  // a retry never sends twice
  std::string status = "queued";
  int attempts = 0;
  Instant next_attempt_at{};
  std::string last_error;
  std::optional<Instant> sent_at;
  std::string provider_reference;
  std::string delivery_status;  // the provider's last word after sending ("delivered", ...)
  std::optional<Instant> delivery_status_at;
};

struct PreferenceChange {
  std::string name;   // "preferred_channel", "consent_updates", "consent_surveys", "language"
  std::string value;
  Instant changed_at{};
  std::string changed_by;
};

}  // namespace civicdesk
