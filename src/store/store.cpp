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
    ASSIGN_OR_RETURN(auto store, PostgresStore::open(url, options));
    return std::unique_ptr<Store>(std::move(store));
  }
  return Error(ErrorCode::kInvalidConfig,
               "Unsupported database URL \"" + redact_url(url) +
                   "\": use sqlite:PATH or postgres://user@host:port/dbname");
}

}  // namespace civicdesk
