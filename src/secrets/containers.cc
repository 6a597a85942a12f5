// Telling a container from other files by its name and its first bytes; mapping part lines back.
#include "secrets/containers.h"

#include <algorithm>
#include <span>

#include "core/text.h"

namespace fledger::secrets {

int LineOf(const TextPart& part, int line) {
  if (part.lines.empty()) return line;
  if (line < 1) return part.lines.front();
  const size_t i = static_cast<size_t>(line - 1);
  return i < part.lines.size() ? part.lines[i] : part.lines.back();
}

namespace {

// The file name after the last separator: archive members are labelled "a.zip!dir/b.tar".
std::string BaseName(std::string_view path) {
  const size_t cut = path.find_last_of("/\\!");
  return ToLower(cut == std::string_view::npos ? path : path.substr(cut + 1));
}

bool HasExtension(const std::string& name, std::span<const std::string_view> extensions) {
  return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view ext) {
    return name.size() > ext.size() && EndsWith(name, ext);
  });
}

bool LooksLikeJsonObject(std::string_view head) {
  if (StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  const size_t first = head.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && head[first] == '{';
}

}  // namespace

constexpr std::string_view kNotebookExtensions[] = {".ipynb"};
constexpr std::string_view kZipExtensions[] = {".zip", ".jar",   ".war", ".ear",
                                               ".whl", ".nupkg", ".egg"};
constexpr std::string_view kTarExtensions[] = {".tar", ".gem"};
constexpr std::string_view kGzipExtensions[] = {".gz", ".tgz"};

bool HasContainerExtension(std::string_view path) {
  const std::string name = BaseName(path);
  return HasExtension(name, kNotebookExtensions) || HasExtension(name, kZipExtensions) ||
         HasExtension(name, kTarExtensions) || HasExtension(name, kGzipExtensions);
}

ContainerKind DetectContainer(std::string_view path, std::string_view head) {
  const std::string name = BaseName(path);
  if (HasExtension(name, kNotebookExtensions)) {
    return LooksLikeJsonObject(head) ? ContainerKind::kNotebook : ContainerKind::kNone;
  }
  if (HasExtension(name, kZipExtensions)) {
    return StartsWith(head, std::string_view("PK\x03\x04", 4)) ||
                   StartsWith(head, std::string_view("PK\x05\x06", 4))
               ? ContainerKind::kArchive
               : ContainerKind::kNone;
  }
  if (HasExtension(name, kTarExtensions)) {
    return head.size() >= 262 && head.substr(257, 5) == "ustar" ? ContainerKind::kArchive
                                                                : ContainerKind::kNone;
  }
  if (HasExtension(name, kGzipExtensions)) {
    return StartsWith(head, "\x1f\x8b") ? ContainerKind::kArchive : ContainerKind::kNone;
  }
  return ContainerKind::kNone;
}

}  // namespace fledger::secrets
