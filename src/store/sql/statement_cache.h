// A connection's prepared statements, keyed by their SQL text and bounded.
//
// Most statements are fixed text, but some carry values in their text (a
// list of ids, a filter's shape), so an unbounded cache grows for as long as
// the server runs. Past `capacity` the least recently used entry that the
// connection may drop (not in use by an open cursor) is handed back to be
// freed.
#pragma once

#include <cstddef>
#include <iterator>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace civicdesk::sql {

template <class Value>
class StatementCache {
 public:
  static constexpr size_t kDefaultCapacity = 512;

  explicit StatementCache(size_t capacity = kDefaultCapacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // The entry for `sql`, now the most recently used; nullptr when absent.
  Value* find(std::string_view sql) {
    auto it = entries_.find(std::string(sql));
    if (it == entries_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.position);
    return &it->second.value;
  }

  // Adds `sql` (absent) and returns where its value lives (stable until it
  // is evicted). Entries beyond the capacity for which `droppable(value)`
  // holds are moved into `evicted`, least recently used first.
  template <class Droppable>
  Value* insert(std::string sql, Value value, Droppable droppable, std::vector<Value>& evicted) {
    auto [it, added] = entries_.emplace(std::move(sql), Entry{std::move(value), {}});
    order_.push_front(&it->first);
    it->second.position = order_.begin();
    Value* mine = &it->second.value;
    for (auto pos = std::prev(order_.end()); entries_.size() > capacity_ && pos != order_.begin();) {
      auto victim = entries_.find(**pos);
      auto before = std::prev(pos);
      if (droppable(victim->second.value)) {
        evicted.push_back(std::move(victim->second.value));
        order_.erase(pos);
        entries_.erase(victim);
      }
      pos = before;
    }
    return mine;
  }

  size_t size() const { return entries_.size(); }

  template <class Fn>
  void for_each(Fn&& fn) {
    for (auto& [sql, entry] : entries_) fn(entry.value);
  }

 private:
  struct Entry {
    Value value;
    std::list<const std::string*>::iterator position;
  };
  size_t capacity_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<const std::string*> order_;  // most recently used first; points at the map's keys
};

}  // namespace civicdesk::sql
