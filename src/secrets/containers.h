// Files people forget to look inside: Jupyter notebooks and archives, turned into text parts the
// secrets engine scans like any other file.
//
// A notebook is JSON; its secrets sit in cell sources and cell outputs (a printed token, a
// traceback with a connection string). An archive (zip and its relatives, tar, tar.gz, a single
// .gz) holds files that never reach the working tree. Both are untrusted: every size, count, depth
// and expansion ratio is bounded (ContainerLimits), nothing is ever written to disk, and a member's
// path is only a display label.
//
//   const ContainerKind kind = DetectContainer(path, head);  // head: the first 8 KiB or more
//   std::vector<std::string> warnings;
//   Result<std::vector<TextPart>> parts =
//       kind == ContainerKind::kNotebook ? ExpandNotebook(path, content, limits)
//                                        : ExpandArchive(path, content, limits, &warnings);
//   for (const TextPart& p : parts.value()) engine.Scan(p.text);  // report p.path, LineOf(p, n)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger::secrets {

// Bounds on what one container may cost. Exceeding a bound is never an error of the caller's
// scan: the container (or the member) is refused with a warning that names it and the bound.
struct ContainerLimits {
  uint64_t max_entry_bytes = 16u << 20;   // a member (or a notebook) larger than this is skipped
  uint64_t max_total_bytes = 256u << 20;  // bytes expanded from one top-level archive, all depths
  int max_depth = 3;                      // archives nested inside archives: a.zip!b.zip!c.zip
  uint64_t max_entries = 10000;           // entries of one top-level archive, all depths
  double max_ratio = 100.0;               // expanded bytes / archive bytes, per archive
  uint64_t ratio_floor_bytes = 1u << 20;  // the ratio applies once this much has been expanded,
                                          // so a small, very compressible text is not a bomb
};

// One text to scan, with where it came from.
struct TextPart {
  std::string path;  // display path: the notebook itself; "dir/a.zip!inner/x.env" for an archive
                     // member ("a.zip!b.tar.gz!c.env" when nested); never a path to open
  std::string text;  // what to scan
  // lines[i] = the 1-based line of the ORIGINAL file that text line i+1 comes from; empty means
  // the identity (archive members). Notebooks fill it: lines.size() is the number of lines of
  // `text` (a last line without characters after the final '\n' has no entry).
  std::vector<int> lines;
  std::string where;  // "cell 3 source", "cell 5 output 1 text/plain"; "" for archive members
};

// The line of the original file that text line `line` (1-based) of `part` comes from: the
// identity when part.lines is empty, the last mapped line past its end.
int LineOf(const TextPart& part, int line);

enum class ContainerKind { kNone, kNotebook, kArchive };

// What `path` is, by its extension AND its first bytes `head` (give at least 512 bytes when the
// file has them: the tar magic sits at offset 257):
//   .ipynb                                  a JSON object ('{' after whitespace or a BOM)
//   .zip .jar .war .ear .whl .nupkg .egg    zip (PK\3\4, or PK\5\6 for an empty archive)
//   .tar .gem                               tar ("ustar" at offset 257)
//   .gz .tgz (so .tar.gz)                   gzip (1f 8b)
// Anything else, or an extension whose magic does not match, is kNone (scanned as plain text, or
// skipped as binary, by the caller).
ContainerKind DetectContainer(std::string_view path, std::string_view head);

// True when `path` has one of DetectContainer's extensions: a file worth reading although the
// walker's binary check (a NUL in the first 8 KiB) would skip it, as it does every archive.
bool HasContainerExtension(std::string_view path);

// The text parts of a Jupyter notebook (nbformat 4; nbformat 3's worksheets, `input` and
// `pyout`/`pyerr` outputs too): each cell's source, then each output's text (stream `text`,
// `data` of type text/*, application/json, application/javascript and */*+json, error `evalue`
// and `traceback`); images are skipped. Each text line maps to the line of `json` that holds the
// JSON string it came from. Errors: larger than max_entry_bytes (size step), invalid JSON
// (syntax step, with line:column), not a notebook's shape (semantics step, naming the cell).
Result<std::vector<TextPart>> ExpandNotebook(std::string_view path, std::string_view json,
                                             const ContainerLimits& limits);

// The text members of an archive held in memory (zip, tar, gzip-compressed tar, or a single
// gzip-compressed file), read with libarchive (loaded on first use), in archive order. Archives
// and notebooks inside are expanded too, up to limits.max_depth levels. Directories, symlinks,
// hard links and devices are skipped, as are binary members (a NUL in the first 8 KiB).
// Everything refused is a line in `warnings` naming the archive or member and the bound:
// an encrypted member, a member over max_entry_bytes, an archive nested too deep, a bomb over
// max_ratio (the archive stops there), more than max_entries or max_total_bytes (everything
// stops there; parts read before are kept). Errors: libarchive missing (internal), `bytes` not an
// archive or corrupt before its first member (syntax step); corruption after that is a warning.
Result<std::vector<TextPart>> ExpandArchive(std::string_view path, std::string_view bytes,
                                            const ContainerLimits& limits,
                                            std::vector<std::string>* warnings);

}  // namespace fledger::secrets
