// Test helper for the OSV tests: builds zip archives with libarchive.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace fledger::testing {

// Writes a zip at `path` holding `entries` (name, content); false on any libarchive error.
inline bool WriteZip(const std::filesystem::path& path,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
  archive* a = archive_write_new();
  bool ok = archive_write_set_format_zip(a) == ARCHIVE_OK &&
            archive_write_open_filename(a, path.c_str()) == ARCHIVE_OK;
  for (const auto& [name, content] : entries) {
    if (!ok) break;
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    ok = archive_write_header(a, e) == ARCHIVE_OK &&
         archive_write_data(a, content.data(), content.size()) ==
             static_cast<la_ssize_t>(content.size());
    archive_entry_free(e);
  }
  ok = archive_write_close(a) == ARCHIVE_OK && ok;
  archive_write_free(a);
  return ok;
}

// A minimal valid OSV record for `id` affecting `ecosystem`/`name` from `introduced` to `fixed`.
inline std::string MiniRecord(const std::string& id, const std::string& modified,
                              const std::string& ecosystem, const std::string& name,
                              const std::string& introduced, const std::string& fixed,
                              const std::string& extra = "") {
  return R"({"id":")" + id + R"(","modified":")" + modified + R"(",)" + extra +
         R"("affected":[{"package":{"ecosystem":")" + ecosystem + R"(","name":")" + name +
         R"("},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":")" + introduced +
         R"("},{"fixed":")" + fixed + R"("}]}]}]})";
}

}  // namespace fledger::testing
