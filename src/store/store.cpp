#include "store/store.h"

#include "store/sqlite/sqlite_store.h"
#include "store/postgres/postgres_store.h"

namespace civicdesk {

std::string redact_url(const std::string& url) {
  // scheme://user:password@host -> scheme://user:***@host
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

namespace {

// postgres://[user[:password]@]host[:port]/dbname[?key=value&...]
// libpq accepts more (several hosts, sockets in the host part); civicdesk asks
// for the common shape so that a typo gets a clear message, not libpq's.
Status check_postgres_url(const std::string& url) {
  const std::string shown = redact_url(url);
  auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidConfig,
                 "The database URL \"" + shown + "\" is not usable: " + why +
                     " (expected postgres://user@host:port/dbname)");
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
  if (hostport.empty()) return bad("it names no host");
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
