#include "store/store.h"

#include "store/sqlite/sqlite_store.h"
#include "store/postgres/postgres_store.h"

namespace civicdesk {

std::string redact_url(const std::string& url) {
  // scheme://user:password@host -> scheme://user:***@host, and the same for
  // a password given as an option (?password=...).
  std::string out = url;
  const size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  const size_t at = out.find('@', scheme + 3);
  const size_t colon = out.find(':', scheme + 3);
  if (at != std::string::npos && colon != std::string::npos && colon < at)
    out = out.substr(0, colon + 1) + "***" + out.substr(at);
  const size_t q = out.find('?');
  if (q == std::string::npos) return out;
  for (size_t key = out.find("password=", q); key != std::string::npos; key = out.find("password=", key + 1)) {
    if (out[key - 1] != '?' && out[key - 1] != '&') continue;  // part of another option's name
    const size_t value = key + 9;
    const size_t end = out.find('&', value);
    out.replace(value, end == std::string::npos ? std::string::npos : end - value, "***");
  }
  return out;
}

namespace {

// postgres://[user[:password]@]host[:port]/dbname[?key=value&...], where a
// server on the same machine may be named by its Unix socket directory: as
// the host, percent-encoded (postgres://u@%2Fvar%2Frun%2Fpostgresql/db), or
// as an option (postgres://u@/db?host=/var/run/postgresql). libpq accepts
// more (several hosts); civicdesk asks for these shapes so that a typo gets a
// clear message, not libpq's.
Status check_postgres_url(const std::string& url) {
  const std::string shown = redact_url(url);
  auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidConfig,
                 "The database URL \"" + shown + "\" is not usable: " + why +
                     " (expected postgres://user@host:port/dbname, or postgres://user@/dbname?host=/socket/directory)");
  };
  const size_t scheme_end = url.find("://");
  std::string rest = url.substr(scheme_end + 3);
  const size_t q = rest.find('?');
  const std::string query = q == std::string::npos ? "" : rest.substr(q + 1);
  if (q != std::string::npos) rest = rest.substr(0, q);
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 >= rest.size()) return bad("it names no database");
  std::string authority = rest.substr(0, slash);
  const std::string dbname = rest.substr(slash + 1);
  if (dbname.find('/') != std::string::npos) return bad("the database name contains '/'");
  const size_t at = authority.rfind('@');
  std::string hostport = at == std::string::npos ? authority : authority.substr(at + 1);
  if (hostport.empty()) {
    // The host may come as an option instead: a socket directory, an absolute path.
    const size_t key = ("&" + query).find("&host=");
    if (key == std::string::npos) return bad("it names no host");
    const std::string dir = query.substr(key + 5, query.find('&', key + 5) - (key + 5));
    if (dir.rfind('/', 0) != 0 && dir.rfind("%2F", 0) != 0 && dir.rfind("%2f", 0) != 0)
      return bad("host= must be a socket directory, an absolute path");
  }
  const size_t colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']') == std::string::npos) {
    const std::string port = hostport.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) == 0 || std::stoi(port) > 65535)
      return bad("the port must be a number from 1 to 65535");
  }
  if (!query.empty() && query.find('=') == std::string::npos) return bad("the options after '?' must be key=value");
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  const std::string& url = options.url;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
    if (path.empty())
      return Error(ErrorCode::kInvalidConfig, "The database URL \"" + url + "\" names no file: use sqlite:PATH");
    if (path == ":memory:")
      return Error(ErrorCode::kInvalidConfig,
                   "sqlite::memory: is not supported (each connection would see its own database); "
                   "use a file path");
    ASSIGN_OR_RETURN(auto store, SqliteStore::open(path, options));
    return std::unique_ptr<Store>(std::move(store));
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    RETURN_IF_ERROR(check_postgres_url(url));
    ASSIGN_OR_RETURN(auto store, PostgresStore::open(url, options));
    return std::unique_ptr<Store>(std::move(store));
  }
  return Error(ErrorCode::kInvalidConfig,
               "Unsupported database URL \"" + redact_url(url) +
                   "\": use sqlite:PATH or postgres://user@host:port/dbname");
}

}  // namespace civicdesk
