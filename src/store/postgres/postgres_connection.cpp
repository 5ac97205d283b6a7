#include "store/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "store/sql/sql_tx.h"
#include "store/store.h"

namespace civicdesk::sql {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trim_message(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

class PostgresConnection::PgRows final : public Rows {
 public:
  explicit PgRows(PGresult* res) : res_(res), rows_(PQntuples(res)) {}
  Result<bool> next() override { return ++row_ < rows_; }
  bool is_null(int col) const override { return PQgetisnull(res_.get(), row_, col) != 0; }
  int64_t get_int(int col) const override {
    const char* v = PQgetvalue(res_.get(), row_, col);
    int64_t out = 0;
    std::from_chars(v, v + PQgetlength(res_.get(), row_, col), out);
    return out;
  }
  double get_double(int col) const override { return std::strtod(PQgetvalue(res_.get(), row_, col), nullptr); }
  std::string_view get_text(int col) const override {
    return {PQgetvalue(res_.get(), row_, col), static_cast<size_t>(PQgetlength(res_.get(), row_, col))};
  }

 private:
  ResultPtr res_;
  int rows_;
  int row_ = -1;
};

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::connect(const std::string& url,
                                                                       int timeout_seconds) {
  // Keyword/value pairs override anything in the URI; the URI itself is
  // passed as dbname, which libpq expands.
  const std::string timeout = std::to_string(timeout_seconds);
  const char* keys[] = {"dbname", "connect_timeout", "application_name", "client_encoding", nullptr};
  const char* values[] = {url.c_str(), timeout.c_str(), "civicdesk", "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn)
    return Error(ErrorCode::kDatabaseUnavailable, "Cannot reach PostgreSQL at " + redact_url(url) + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = trim_message(PQerrorMessage(conn));
    PQfinish(conn);
    return Error(ErrorCode::kDatabaseUnavailable,
                 "Cannot reach PostgreSQL at " + redact_url(url) + ": " + msg);
  }
  // Server notices ("relation already exists, skipping") are not errors;
  // keep them off the terminal.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PostgresConnection> c(new PostgresConnection(conn));
  // Instants are stored as integers, so the session time zone only affects
  // diagnostics; keep it fixed anyway.
  RETURN_IF_ERROR(c->exec_script("SET TIME ZONE 'UTC'"));
  return c;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

bool PostgresConnection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

std::string PostgresConnection::number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;
      out.push_back(ch);
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out.push_back(ch);
    } else if (ch == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

// The one place SQLSTATEs become store errors.
Error PostgresConnection::error_from(PGresult* res, std::string_view context) const {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = std::string(context) + ": " +
                    trim_message(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
  const std::string code = state ? state : "";
  if (code == "23505") return driver_error(DriverFailure::kUniqueViolation, msg);
  if (code == "40001" || code == "40P01") return driver_error(DriverFailure::kSerialization, msg);
  if (broken() || code.rfind("08", 0) == 0 || code == "57P01" || code == "57P02" || code == "57P03")
    return driver_error(DriverFailure::kConnectionLost, msg);
  if (code == "53300" || code == "55P03" || code == "57014") return driver_error(DriverFailure::kBusy, msg);
  return driver_error(DriverFailure::kOther, msg);
}

PostgresConnection::TextParams::TextParams(Params params) : owned(params.size()), values(params.size(), nullptr) {
  size_t i = 0;
  for (const Param& p : params) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (!std::is_same_v<T, std::nullptr_t>) {
            if constexpr (std::is_same_v<T, int64_t>) {
              owned[i] = std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
              char buf[32];
              std::snprintf(buf, sizeof buf, "%.17g", v);
              owned[i] = buf;
            } else {
              owned[i] = std::string(v);
            }
            values[i] = owned[i].c_str();
          }
        },
        p.value());
    ++i;
  }
}

Result<std::string> PostgresConnection::prepared(std::string_view sql) {
  if (const std::string* name = prepared_.find(sql)) return *name;
  const std::string name = "s" + std::to_string(++statements_named_);
  const std::string text = number_placeholders(sql);
  ResultPtr res(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return error_from(res.get(), "preparing SQL");
  // A statement queued in the pipeline still needs its name.
  auto unused = [this](const std::string& n) {
    return std::none_of(deferred_.begin(), deferred_.end(), [&](const Deferred& d) { return d.name == n; });
  };
  std::vector<std::string> evicted;
  prepared_.insert(std::string(sql), name, unused, evicted);
  for (const std::string& old : evicted) ResultPtr(PQexec(conn_, ("DEALLOCATE " + old).c_str()));
  return name;
}

void PostgresConnection::begin(std::string statement) {
  pending_begin_ = std::move(statement);
  in_transaction_ = true;
}

Status PostgresConnection::settle() {
  if (!commit_in_flight_) return {};
  commit_in_flight_ = false;
  Status s;
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && s.ok()) s = error_from(r, "committing a read");
    PQclear(r);
  }
  return s;
}

Status PostgresConnection::flush_begin() {
  if (pending_begin_.empty() && deferred_.empty()) return {};
  auto r = send_pipeline(std::nullopt, {});
  if (!r) return r.error();
  return {};
}

Status PostgresConnection::exec_later(std::string_view sql, Params params) {
  if (!in_transaction_) {
    auto r = exec(sql, params);
    if (!r) return r.error();
    return {};
  }
  RETURN_IF_ERROR(settle());
  ASSIGN_OR_RETURN(std::string name, prepared(sql));
  Deferred d{std::move(name), {}, {}};
  for (const Param& p : params) {
    TextParams one(Params{p});
    d.values.push_back(one.values[0] ? one.owned[0] : std::string());
    d.nulls.push_back(one.values[0] == nullptr);
  }
  deferred_.push_back(std::move(d));
  return {};
}

// Sends, in one pipeline (one round trip): the pending BEGIN, the deferred
// statements in order, and `last` (a prepared statement, or "COMMIT" when
// `last_is_commit`). Returns last's result (nullptr when there is none).
// The first failure is returned once every answer has been read.
Result<PGresult*> PostgresConnection::send_pipeline(std::optional<std::pair<std::string, Params>> last,
                                                     bool last_is_commit) {
  const std::string begin = std::move(pending_begin_);
  pending_begin_.clear();
  std::vector<Deferred> deferred = std::move(deferred_);
  deferred_.clear();
  if (PQenterPipelineMode(conn_) != 1) return error_from(nullptr, "starting a pipeline");
  bool sent = true;
  int steps = 0;
  if (!begin.empty()) {
    sent = sent && PQsendQueryParams(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    ++steps;
  }
  for (const Deferred& d : deferred) {
    std::vector<const char*> values;
    for (size_t i = 0; i < d.values.size(); ++i) values.push_back(d.nulls[i] ? nullptr : d.values[i].c_str());
    sent = sent && PQsendQueryPrepared(conn_, d.name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                       nullptr, 0) == 1;
    ++steps;
  }
  std::optional<TextParams> last_params;
  if (last) {
    last_params.emplace(last->second);
    sent = sent && PQsendQueryPrepared(conn_, last->first.c_str(), static_cast<int>(last->second.size()),
                                       last_params->values.data(), nullptr, nullptr, 0) == 1;
    ++steps;
  } else if (last_is_commit) {
    sent = sent && PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    ++steps;
  }
  sent = sent && PQpipelineSync(conn_) == 1;
  PGresult* answer = nullptr;
  std::optional<Error> failure;
  if (!sent) failure = error_from(nullptr, "sending statements");
  for (int step = 0; sent && step < steps; ++step) {
    const bool is_last = step == steps - 1 && (last || last_is_commit);
    while (PGresult* r = PQgetResult(conn_)) {
      const ExecStatusType st = PQresultStatus(r);
      const bool good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
      if (!good && !failure) failure = error_from(r, "running SQL");
      if (is_last && good && last_is_commit && std::string_view(PQcmdStatus(r)) != "COMMIT" && !failure)
        failure = internal_error("The transaction had failed and was rolled back");
      if (is_last && good && last && !answer) answer = r;
      else PQclear(r);
    }
  }
  if (sent)
    while (PGresult* r = PQgetResult(conn_)) {
      const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
      PQclear(r);
      if (sync) break;
    }
  PQexitPipelineMode(conn_);
  if (failure) {
    if (answer) PQclear(answer);
    return *failure;
  }
  return answer;
}

Result<PGresult*> PostgresConnection::run(std::string_view sql, Params params) {
  RETURN_IF_ERROR(settle());
  ASSIGN_OR_RETURN(std::string name, prepared(sql));
  if (!pending_begin_.empty() || !deferred_.empty())
    return send_pipeline(std::pair<std::string, Params>{name, params}, false);
  return run_prepared(name, params);
}

Result<PGresult*> PostgresConnection::run_prepared(const std::string& name, Params params) {
  TextParams text(params);
  PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), text.values.data(),
                                 nullptr, nullptr, 0);
  const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    ResultPtr guard(res);
    return error_from(res, "running SQL");
  }
  return res;
}

// Rows arrive one PGresult at a time (single-row mode). Stopping early
// cancels the query on the server instead of reading the rest.
class PostgresConnection::PgStreamRows final : public Rows {
 public:
  explicit PgStreamRows(PostgresConnection& conn) : conn_(conn) {}
  ~PgStreamRows() override {
    if (!done_) {
      if (PGcancel* cancel = PQgetCancel(conn_.conn_)) {
        char err[256];
        PQcancel(cancel, err, sizeof err);
        PQfreeCancel(cancel);
      }
    }
    drain();
  }
  Result<bool> next() override {
    if (done_) return false;
    current_.reset(PQgetResult(conn_.conn_));
    if (!current_) {
      done_ = true;
      return false;
    }
    switch (PQresultStatus(current_.get())) {
      case PGRES_SINGLE_TUPLE: return true;
      case PGRES_TUPLES_OK:  // the end: an empty result, then NULL
        drain();
        return false;
      default: {
        Error e = conn_.error_from(current_.get(), "reading rows");
        drain();
        return e;
      }
    }
  }
  bool is_null(int col) const override { return PQgetisnull(current_.get(), 0, col) != 0; }
  int64_t get_int(int col) const override {
    const char* v = PQgetvalue(current_.get(), 0, col);
    int64_t out = 0;
    std::from_chars(v, v + PQgetlength(current_.get(), 0, col), out);
    return out;
  }
  double get_double(int col) const override { return std::strtod(PQgetvalue(current_.get(), 0, col), nullptr); }
  std::string_view get_text(int col) const override {
    return {PQgetvalue(current_.get(), 0, col), static_cast<size_t>(PQgetlength(current_.get(), 0, col))};
  }

 private:
  void drain() {
    done_ = true;
    while (PGresult* r = PQgetResult(conn_.conn_)) PQclear(r);
  }
  PostgresConnection& conn_;
  ResultPtr current_;
  bool done_ = false;
};

Result<std::unique_ptr<Rows>> PostgresConnection::stream(std::string_view sql, Params params) {
  RETURN_IF_ERROR(settle());
  ASSIGN_OR_RETURN(std::string name, prepared(sql));
  RETURN_IF_ERROR(flush_begin());
  TextParams text(params);
  if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(params.size()), text.values.data(), nullptr,
                           nullptr, 0))
    return error_from(nullptr, "starting a query");
  if (!PQsetSingleRowMode(conn_)) {
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    return internal_error("PostgreSQL refused single-row mode");
  }
  return std::unique_ptr<Rows>(new PgStreamRows(*this));
}

Result<int64_t> PostgresConnection::copy_in(std::string_view copy_sql, std::string_view data) {
  RETURN_IF_ERROR(settle());
  RETURN_IF_ERROR(flush_begin());
  const std::string sql(copy_sql);
  ResultPtr start(PQexec(conn_, sql.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return error_from(start.get(), "starting COPY");
  // libpq buffers what it cannot send at once; feed it in slices so that a
  // failure stops the sending early.
  constexpr size_t kSlice = 1 << 20;
  bool sent = true;
  for (size_t off = 0; sent && off < data.size(); off += kSlice) {
    const size_t n = std::min(kSlice, data.size() - off);
    sent = PQputCopyData(conn_, data.data() + off, static_cast<int>(n)) == 1;
  }
  sent = PQputCopyEnd(conn_, sent ? nullptr : "sending failed") == 1 && sent;
  Result<int64_t> out = int64_t{0};
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultPtr r(raw);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      if (out) out = error_from(r.get(), "copying rows");
    } else if (out) {
      const char* n = PQcmdTuples(r.get());
      out = static_cast<int64_t>(n && *n ? std::atoll(n) : 0);
    }
  }
  if (out && !sent) return error_from(nullptr, "sending COPY data");
  return out;
}

Result<int64_t> PostgresConnection::exec(std::string_view sql, Params params) {
  ASSIGN_OR_RETURN(PGresult * raw, run(sql, params));
  ResultPtr res(raw);
  const char* n = PQcmdTuples(res.get());
  return static_cast<int64_t>(n && *n ? std::atoll(n) : 0);
}

Result<int64_t> PostgresConnection::insert_id(std::string_view sql, Params params) {
  return query_one<int64_t>(*this, std::string(sql) + " RETURNING id", params, "Inserted row",
                            [](Rows& r) { return r.get_int(0); });
}

Result<std::unique_ptr<Rows>> PostgresConnection::query(std::string_view sql, Params params) {
  ASSIGN_OR_RETURN(PGresult * res, run(sql, params));
  return std::unique_ptr<Rows>(new PgRows(res));
}

void PostgresConnection::commit_without_waiting() {
  if (!deferred_.empty()) {  // a read with writes queued: commit properly
    (void)commit();
    return;
  }
  in_transaction_ = false;
  if (!pending_begin_.empty()) {  // nothing was run: nothing to commit
    pending_begin_.clear();
    return;
  }
  if (PQsendQuery(conn_, "COMMIT") == 1) commit_in_flight_ = true;
}

Status PostgresConnection::rollback() {
  in_transaction_ = false;
  deferred_.clear();
  if (!pending_begin_.empty()) {
    pending_begin_.clear();
    return {};
  }
  RETURN_IF_ERROR(settle());
  return exec_script("ROLLBACK");
}

Status PostgresConnection::commit() {
  in_transaction_ = false;
  RETURN_IF_ERROR(settle());
  if (deferred_.empty() && !pending_begin_.empty()) {  // nothing was run
    pending_begin_.clear();
    return {};
  }
  if (!deferred_.empty()) {  // the queued statements and COMMIT: one round trip
    auto r = send_pipeline(std::nullopt, true);
    if (!r) {
      // A queued statement failed, so PostgreSQL skipped the COMMIT and the
      // transaction is still open, aborted: end it, or the connection's
      // next user would find every statement refused.
      if (!broken()) (void)exec_script("ROLLBACK");
      return r.error();
    }
    return {};
  }
  ResultPtr res(PQexec(conn_, "COMMIT"));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return error_from(res.get(), "committing");
  if (std::string_view(PQcmdStatus(res.get())) != "COMMIT")
    return internal_error("The transaction had failed and was rolled back");
  return {};
}

Status PostgresConnection::exec_script(std::string_view sql) {
  RETURN_IF_ERROR(settle());
  RETURN_IF_ERROR(flush_begin());
  ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
  const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
    return error_from(res.get(), "running SQL script");
  return {};
}

}  // namespace civicdesk::sql
