// Result<T>: either a value or an Error. Returned across module boundaries in
// place of exceptions; [[nodiscard]] so an error cannot be dropped silently.
//
//   Result<Case> r = store.get_case(...);
//   if (!r) return r.error();
//   use(*r);
//
// RETURN_IF_ERROR(expr) and ASSIGN_OR_RETURN(lhs, expr) shorten the common
// propagate-on-error pattern.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "base/error.h"

namespace civicdesk {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

namespace detail {
inline Error take_error(Status&& s) { return std::move(s).error(); }
template <typename T>
Error take_error(Result<T>&& r) { return std::move(r).error(); }
}  // namespace detail

}  // namespace civicdesk

#define CIVICDESK_CONCAT_INNER(a, b) a##b
#define CIVICDESK_CONCAT(a, b) CIVICDESK_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                                   \
  do {                                                          \
    auto civicdesk_status_ = (expr);                            \
    if (!civicdesk_status_.ok())                                \
      return ::civicdesk::detail::take_error(std::move(civicdesk_status_)); \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                   \
  auto tmp = (expr);                                            \
  if (!tmp.ok()) return std::move(tmp).error();                 \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(CIVICDESK_CONCAT(civicdesk_result_, __LINE__), lhs, expr)
