// Archives as text parts: members read from memory with libarchive (loaded on first use), each
// bound in ContainerLimits checked while the bytes come out, never after.
//
// Nothing is written to disk and member names are only labels, so a hostile name ("../../x",
// "/etc/passwd", control characters) can mislead no one: it is cleaned for display. What a bomb
// can cost is bounded three ways: the bytes one archive may expand to relative to its size (its
// ratio), the bytes and entries of the whole top-level archive, and the nesting depth.
#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <cstring>
#include <memory>

#include "core/shared_library.h"
#include "core/text.h"
#include "secrets/containers.h"

namespace fledger::secrets {
namespace {

// The libarchive functions the readers call, bound from the library loaded on first use.
struct ArchiveApi {
  decltype(&archive_read_new) read_new = nullptr;
  decltype(&archive_read_free) read_free = nullptr;
  decltype(&archive_read_support_format_zip) support_zip = nullptr;
  decltype(&archive_read_support_format_tar) support_tar = nullptr;
  decltype(&archive_read_support_format_raw) support_raw = nullptr;
  decltype(&archive_read_support_filter_gzip) support_gzip = nullptr;
  decltype(&archive_read_open_memory) open_memory = nullptr;
  decltype(&archive_read_next_header) next_header = nullptr;
  decltype(&archive_read_data) read_data = nullptr;
  decltype(&archive_error_string) error_string = nullptr;
  decltype(&archive_filter_bytes) filter_bytes = nullptr;
  decltype(&archive_format) format = nullptr;
  decltype(&archive_filter_count) filter_count = nullptr;
  decltype(&archive_entry_pathname) entry_pathname = nullptr;
  decltype(&archive_entry_filetype) entry_filetype = nullptr;
  decltype(&archive_entry_hardlink) entry_hardlink = nullptr;
  decltype(&archive_entry_size) entry_size = nullptr;
  decltype(&archive_entry_size_is_set) entry_size_is_set = nullptr;
  decltype(&archive_entry_is_encrypted) entry_is_encrypted = nullptr;
};

Result<ArchiveApi> LoadApi() {
  FLEDGER_TRY(const SharedLibrary lib, SharedLibrary::Open(FLEDGER_ARCHIVE_SONAME));
  ArchiveApi api;
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.read_new, "archive_read_new"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.read_free, "archive_read_free"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.support_zip, "archive_read_support_format_zip"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.support_tar, "archive_read_support_format_tar"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.support_raw, "archive_read_support_format_raw"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.support_gzip, "archive_read_support_filter_gzip"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.open_memory, "archive_read_open_memory"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.next_header, "archive_read_next_header"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.read_data, "archive_read_data"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.error_string, "archive_error_string"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.filter_bytes, "archive_filter_bytes"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.format, "archive_format"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.filter_count, "archive_filter_count"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_pathname, "archive_entry_pathname"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_filetype, "archive_entry_filetype"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_hardlink, "archive_entry_hardlink"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_size, "archive_entry_size"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_size_is_set, "archive_entry_size_is_set"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_is_encrypted, "archive_entry_is_encrypted"));
  return api;
}

// Loads libarchive once per process.
Result<const ArchiveApi*> Api() {
  static const Result<ArchiveApi> api = LoadApi();
  if (!api.ok()) return api.error();
  return &api.value();
}

enum class Format { kZip, kTar, kGzip };

std::optional<Format> Sniff(std::string_view bytes) {
  if (StartsWith(bytes, std::string_view("PK\x03\x04", 4)) ||
      StartsWith(bytes, std::string_view("PK\x05\x06", 4))) {
    return Format::kZip;
  }
  if (StartsWith(bytes, "\x1f\x8b")) return Format::kGzip;
  if (bytes.size() >= 262 && bytes.substr(257, 5) == "ustar") return Format::kTar;
  return std::nullopt;
}

// A member's name as a display label: '\' read as '/', no empty, "." or ".." component (so no
// leading '/'), control characters, '%' and the nesting separator '!' percent-encoded, at most
// 512 bytes. `index` names a member without a usable name.
std::string MemberLabel(const char* raw, uint64_t index) {
  std::string out;
  std::string component;
  const auto flush = [&]() {
    if (!component.empty() && component != "." && component != "..") {
      if (!out.empty()) out += '/';
      out += component;
    }
    component.clear();
  };
  for (const char* p = raw != nullptr ? raw : ""; *p != '\0' && out.size() < 512; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '/' || c == '\\') {
      flush();
    } else if (c < 0x20 || c == 0x7f || c == '!' || c == '%') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      component += '%';
      component += kHex[c >> 4];
      component += kHex[c & 15];
    } else {
      component += static_cast<char>(c);
    }
  }
  flush();
  if (out.empty()) return "entry-" + std::to_string(index);
  return Truncate(out, 512);
}

// The name of a single gzip-compressed file once decompressed: "x.env.gz" holds "x.env".
std::string GunzippedName(const std::string& label) {
  const size_t cut = label.find_last_of("/!");
  std::string name = cut == std::string::npos ? label : label.substr(cut + 1);
  const std::string lower = ToLower(name);
  if (EndsWith(lower, ".tgz")) return name.substr(0, name.size() - 4) + ".tar";
  if (EndsWith(lower, ".gz") && name.size() > 3) return name.substr(0, name.size() - 3);
  return "data";
}

// Counters shared by every archive nested in one top-level archive.
struct Budget {
  const ArchiveApi& api;
  const ContainerLimits& limits;
  std::vector<TextPart>& parts;
  std::vector<std::string>& warnings;
  uint64_t entries = 0;
  uint64_t expanded = 0;
  bool exhausted = false;  // a whole-archive bound was hit: nothing more is read at any depth

  void Warn(const std::string& label, ValidationStep step, const std::string& message) {
    warnings.push_back(InputError(step, label, message).ToString());
  }
};

// Reads one archive (at nesting `depth`, the top-level one being 1) into budget.parts.
class ArchiveReader {
 public:
  ArchiveReader(Budget& budget, std::string label, std::string_view bytes, int depth)
      : b_(budget), label_(std::move(label)), bytes_(bytes), depth_(depth) {}

  // An error only when the archive cannot be read at all; later trouble is a warning.
  Status Read() {
    const auto format = Sniff(bytes_);
    if (!format) {
      return InputError(ValidationStep::kSyntax, label_, "not a zip, tar or gzip archive");
    }
    gzip_ = *format == Format::kGzip;
    std::unique_ptr<archive, decltype(&archive_read_free)> a(b_.api.read_new(), b_.api.read_free);
    if (!a) return Error{ErrorCode::kInternal, "cannot allocate an archive reader", label_};
    a_ = a.get();
    if (*format == Format::kZip) {
      b_.api.support_zip(a_);
    } else {
      b_.api.support_tar(a_);
    }
    if (gzip_) {
      // ARCHIVE_WARN means libarchive would run an external gzip program: never for
      // untrusted input.
      if (b_.api.support_gzip(a_) != ARCHIVE_OK) {
        return Error{ErrorCode::kInternal, "libarchive has no built-in gzip support", label_};
      }
      b_.api.support_raw(a_);  // a single compressed file; tar outbids it for a .tar.gz
    }
    if (b_.api.open_memory(a_, bytes_.data(), bytes_.size()) != ARCHIVE_OK) {
      return InputError(ValidationStep::kSyntax, label_, "cannot open archive: " + Why());
    }
    uint64_t index = 0;
    while (!b_.exhausted) {
      archive_entry* entry = nullptr;
      const int rc = b_.api.next_header(a_, &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        corrupt_ = "corrupt archive: " + Why();
        break;
      }
      ++index;
      if (++b_.entries > b_.limits.max_entries) {
        b_.Warn(label_, ValidationStep::kSize,
                "stopped: more than " + std::to_string(b_.limits.max_entries) +
                    " entries (max_entries)");
        b_.exhausted = true;
        break;
      }
      if (!ReadEntry(entry, index) || OverRatio()) break;
    }
    if (!corrupt_.empty()) {
      // Nothing read yet: not an archive worth a warning per member, but an unreadable input.
      if (!read_one_) return InputError(ValidationStep::kSyntax, label_, corrupt_);
      b_.Warn(label_, ValidationStep::kSyntax,
              corrupt_ + " (after " + std::to_string(index) + " entries)");
    }
    return {};
  }

 private:
  std::string Why() const {
    const char* why = b_.api.error_string(a_);
    return EscapeTerminal(Truncate(why != nullptr ? why : "unknown error", 200));
  }

  // Expansion of this archive beyond max_ratio times its size (once past the floor): warned
  // once, and the caller stops reading it. A gzip stream counts what it decompressed, headers
  // and skipped members included.
  bool OverRatio() {
    if (bomb_) return true;
    uint64_t out = expanded_;
    if (gzip_) out = std::max(out, static_cast<uint64_t>(b_.api.filter_bytes(a_, 0)));
    const double allowed = b_.limits.max_ratio * static_cast<double>(bytes_.size());
    if (out <= b_.limits.ratio_floor_bytes || static_cast<double>(out) <= allowed) return false;
    bomb_ = true;
    b_.Warn(label_, ValidationStep::kSize,
            "refused: expands to more than " + FormatRatio() + " times its " +
                std::to_string(bytes_.size()) + " bytes (max_ratio; a zip bomb?)");
    return true;
  }
  std::string FormatRatio() const {
    std::string r = std::to_string(b_.limits.max_ratio);
    r.erase(r.find_last_not_of('0') + 1);
    if (!r.empty() && r.back() == '.') r.pop_back();
    return r;
  }

  // Handles one entry; false stops reading this archive (corrupt, a bomb or the budget spent).
  bool ReadEntry(archive_entry* entry, uint64_t index) {
    // The raw format's one member is named "data": call it after the compressed file instead.
    const bool raw = b_.api.format(a_) == ARCHIVE_FORMAT_RAW;
    if (raw && b_.api.filter_count(a_) < 2) {  // the gzip filter declined: not gzip after all
      corrupt_ = "not a gzip stream";
      return false;
    }
    const std::string label =
        label_ + "!" +
        (raw ? GunzippedName(label_) : MemberLabel(b_.api.entry_pathname(entry), index));
    // Directories, symlinks, hard links, devices and FIFOs hold no text of their own.
    if (b_.api.entry_filetype(entry) != AE_IFREG || b_.api.entry_hardlink(entry) != nullptr) {
      return Drain();
    }
    if (b_.api.entry_is_encrypted(entry) != 0) {
      b_.Warn(label, ValidationStep::kOrigin, "encrypted member not scanned");
      return true;  // never read: the zip reader skips it without a passphrase
    }
    const uint64_t max = b_.limits.max_entry_bytes;
    const auto too_large = [&]() {
      b_.Warn(label, ValidationStep::kSize,
              "skipped: larger than " + std::to_string(max) + " bytes (max_entry_bytes)");
    };
    if (b_.api.entry_size_is_set(entry) != 0 &&
        static_cast<uint64_t>(b_.api.entry_size(entry)) > max) {
      too_large();
      return Drain();
    }
    std::string data;
    std::array<char, 1 << 16> buffer;
    while (true) {
      const la_ssize_t n = b_.api.read_data(a_, buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0) {
        corrupt_ = "corrupt member " + label.substr(label_.size() + 1) + ": " + Why();
        return false;
      }
      if (!Count(static_cast<uint64_t>(n))) return false;
      if (data.size() + static_cast<size_t>(n) > max) {
        too_large();
        return Drain();
      }
      data.append(buffer.data(), static_cast<size_t>(n));
    }
    read_one_ = true;
    Member(label, std::move(data));
    return !b_.exhausted;
  }

  // Counts `n` expanded bytes against the ratio and the whole archive's total; false stops.
  bool Count(uint64_t n) {
    expanded_ += n;
    b_.expanded += n;
    if (b_.expanded > b_.limits.max_total_bytes) {
      b_.Warn(label_, ValidationStep::kSize,
              "stopped: expands to more than " + std::to_string(b_.limits.max_total_bytes) +
                  " bytes in all (max_total_bytes)");
      b_.exhausted = true;
      return false;
    }
    return !OverRatio();
  }

  // Reads the rest of a member of a gzip stream and throws it away, counting it: skipping
  // decompresses all the same, and a bomb's huge member must not be decompressed unbounded.
  // Other archives skip by seeking (libarchive does it at the next header).
  bool Drain() {
    if (!gzip_) return true;
    std::array<char, 1 << 16> buffer;
    while (true) {
      const la_ssize_t n = b_.api.read_data(a_, buffer.data(), buffer.size());
      if (n == 0) return true;
      if (n < 0) return true;  // the next header reports the corruption
      if (!Count(static_cast<uint64_t>(n))) return false;
    }
  }

  // A member read whole: an archive or notebook is expanded, a binary file skipped, text kept.
  void Member(const std::string& label, std::string data) {
    const std::string_view head = std::string_view(data).substr(0, 8192);
    const ContainerKind kind = DetectContainer(label, head);
    if (kind == ContainerKind::kArchive) {
      if (depth_ + 1 > b_.limits.max_depth) {
        b_.Warn(label, ValidationStep::kSize,
                "not expanded: archives nested deeper than " + std::to_string(b_.limits.max_depth) +
                    " levels (max_depth)");
        return;
      }
      ArchiveReader inner(b_, label, data, depth_ + 1);
      const Status status = inner.Read();
      if (!status.ok()) b_.warnings.push_back(status.error().ToString());
      return;
    }
    if (kind == ContainerKind::kNotebook) {
      auto parts = ExpandNotebook(label, data, b_.limits);
      if (!parts.ok()) {
        b_.warnings.push_back(parts.error().ToString());
        return;
      }
      for (TextPart& p : parts.value()) b_.parts.push_back(std::move(p));
      return;
    }
    if (std::memchr(head.data(), '\0', head.size()) != nullptr) return;  // binary
    b_.parts.push_back(TextPart{label, std::move(data), {}, ""});
  }

  Budget& b_;
  std::string label_;
  std::string_view bytes_;
  int depth_;
  archive* a_ = nullptr;
  bool gzip_ = false;
  bool bomb_ = false;
  bool read_one_ = false;  // a member was read whole
  std::string corrupt_;    // why reading stopped early, if libarchive failed
  uint64_t expanded_ = 0;  // bytes this archive's members expanded to
};

}  // namespace

Result<std::vector<TextPart>> ExpandArchive(std::string_view path, std::string_view bytes,
                                            const ContainerLimits& limits,
                                            std::vector<std::string>* warnings) {
  FLEDGER_TRY(const ArchiveApi* api, Api());
  std::vector<TextPart> parts;
  std::vector<std::string> local;
  Budget budget{*api, limits, parts, warnings != nullptr ? *warnings : local};
  ArchiveReader reader(budget, std::string(path), bytes, 1);
  FLEDGER_RETURN_IF_ERROR(reader.Read());
  return parts;
}

}  // namespace fledger::secrets
