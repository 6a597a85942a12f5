// What db.cc (schema, lookups, status) and import.cc (the import pipeline) share. Not an API.
#pragma once

#include <string>

#include "sca/osv/db.h"
#include "sca/osv/sqlite.h"

namespace fledger::sca::osv {

struct VulnDb::Impl {
  sqlite3* db = nullptr;
  std::string path;
  internal::Statement find_ids, find_records, get_record, find_alias;
  ~Impl() {
    // Statements first: close_v2 would otherwise defer the close.
    find_ids = internal::Statement();
    find_records = internal::Statement();
    get_record = internal::Statement();
    find_alias = internal::Statement();
    if (db != nullptr) sqlite3_close_v2(db);
  }
};

namespace internal {

// The current time as RFC 3339 UTC with seconds ("2026-12-02T12:00:00Z").
std::string NowUtc();

}  // namespace internal
}  // namespace fledger::sca::osv
