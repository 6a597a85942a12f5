// Tests for the container readers, part 2: archives built in memory with libarchive's write API
// (zip, tar, tar.gz, a single .gz; nested), and hostile ones: bombs, too many entries, traversal
// names, links, encrypted and corrupt archives.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "secrets/containers.h"

namespace fledger::secrets {
namespace {

enum class Kind { kZip, kTar, kTarGz, kGz };

struct Member {
  std::string name;
  std::string content;
  unsigned type = AE_IFREG;
  std::string link;  // symlink target, or hard link target with type AE_IFREG
};

la_ssize_t AppendTo(archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

// The bytes of an archive of `kind` holding `members`; empty on any libarchive error. With
// `passphrase`, zip members are encrypted (traditional PKWARE encryption).
std::string Build(Kind kind, const std::vector<Member>& members,
                  const std::string& passphrase = "") {
  std::string out;
  archive* a = archive_write_new();
  bool ok = true;
  switch (kind) {
    case Kind::kZip:
      ok = archive_write_set_format_zip(a) == ARCHIVE_OK;
      if (ok && !passphrase.empty()) {
        ok = archive_write_set_options(a, "zip:encryption=zipcrypt") == ARCHIVE_OK &&
             archive_write_set_passphrase(a, passphrase.c_str()) == ARCHIVE_OK;
      }
      break;
    case Kind::kTar:
      ok = archive_write_set_format_pax_restricted(a) == ARCHIVE_OK;
      break;
    case Kind::kTarGz:
      ok = archive_write_set_format_pax_restricted(a) == ARCHIVE_OK &&
           archive_write_add_filter_gzip(a) == ARCHIVE_OK;
      break;
    case Kind::kGz:
      ok = archive_write_set_format_raw(a) == ARCHIVE_OK &&
           archive_write_add_filter_gzip(a) == ARCHIVE_OK;
      break;
  }
  ok = ok && archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK &&
       archive_write_open(a, &out, nullptr, AppendTo, nullptr) == ARCHIVE_OK;
  for (const auto& m : members) {
    if (!ok) break;
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_filetype(e, m.type);
    archive_entry_set_perm(e, 0644);
    if (m.type == AE_IFLNK) archive_entry_set_symlink(e, m.link.c_str());
    if (m.type == AE_IFREG && !m.link.empty()) archive_entry_set_hardlink(e, m.link.c_str());
    const bool has_data = m.type == AE_IFREG && m.link.empty();
    archive_entry_set_size(e, has_data ? static_cast<la_int64_t>(m.content.size()) : 0);
    ok = archive_write_header(a, e) == ARCHIVE_OK;
    if (ok && has_data && !m.content.empty()) {
      ok = archive_write_data(a, m.content.data(), m.content.size()) ==
           static_cast<la_ssize_t>(m.content.size());
    }
    archive_entry_free(e);
  }
  ok = archive_write_close(a) == ARCHIVE_OK && ok;
  archive_write_free(a);
  return ok ? out : std::string();
}

struct Expanded {
  std::vector<TextPart> parts;
  std::vector<std::string> warnings;
};

Expanded MustExpand(const std::string& path, const std::string& bytes,
                    const ContainerLimits& limits = {}) {
  Expanded e;
  auto r = ExpandArchive(path, bytes, limits, &e.warnings);
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  if (r.ok()) e.parts = std::move(r).value();
  return e;
}

std::vector<std::string> Paths(const Expanded& e) {
  std::vector<std::string> out;
  for (const auto& p : e.parts) out.push_back(p.path);
  return out;
}

const TextPart* Find(const Expanded& e, const std::string& path) {
  for (const auto& p : e.parts) {
    if (p.path == path) return &p;
  }
  return nullptr;
}

bool AnyWarning(const Expanded& e, const std::string& a, const std::string& b) {
  return std::any_of(e.warnings.begin(), e.warnings.end(), [&](const std::string& w) {
    return w.find(a) != std::string::npos && w.find(b) != std::string::npos;
  });
}

std::string Warnings(const Expanded& e) {
  std::string out;
  for (const auto& w : e.warnings) out += w + "\n";
  return out;
}

const std::string kBinary = std::string(
                                "\x7f"
                                "ELF\0\0\0\x01",
                                8) +
                            std::string(100, '\0');

TEST(ContainersArchive, ZipTextMembersInOrderBinarySkipped) {
  const std::string zip = Build(Kind::kZip, {{"config/", "", AE_IFDIR},
                                             {"config/.env", "API_KEY=abc\n"},
                                             {"bin/tool", kBinary},
                                             {"README", "hello"}});
  ASSERT_FALSE(zip.empty());
  ASSERT_EQ(DetectContainer("dir/a.zip", zip), ContainerKind::kArchive);
  const Expanded e = MustExpand("dir/a.zip", zip);
  EXPECT_EQ(Paths(e), (std::vector<std::string>{"dir/a.zip!config/.env", "dir/a.zip!README"}));
  EXPECT_EQ(e.parts[0].text, "API_KEY=abc\n");
  EXPECT_TRUE(e.parts[0].lines.empty());
  EXPECT_EQ(e.parts[0].where, "");
  EXPECT_TRUE(e.warnings.empty()) << Warnings(e);
}

TEST(ContainersArchive, TarTarGzGemAndSingleGz) {
  const std::vector<Member> members = {{"pkg/settings.py", "SECRET_KEY = 'x'\n"},
                                       {"pkg/data.bin", kBinary}};
  for (const auto& [kind, name] :
       std::vector<std::pair<Kind, std::string>>{{Kind::kTar, "a.tar"},
                                                 {Kind::kTar, "g-1.0.gem"},
                                                 {Kind::kTarGz, "a.tar.gz"},
                                                 {Kind::kTarGz, "a.tgz"}}) {
    const std::string bytes = Build(kind, members);
    ASSERT_FALSE(bytes.empty()) << name;
    ASSERT_EQ(DetectContainer(name, bytes), ContainerKind::kArchive) << name;
    const Expanded e = MustExpand(name, bytes);
    EXPECT_EQ(Paths(e), std::vector<std::string>{name + "!pkg/settings.py"}) << name;
    EXPECT_TRUE(e.warnings.empty()) << Warnings(e);
  }
  const std::string gz = Build(Kind::kGz, {{"data", "TOKEN=abc\n"}});
  ASSERT_FALSE(gz.empty());
  const Expanded e = MustExpand("conf/.env.gz", gz);
  EXPECT_EQ(Paths(e), std::vector<std::string>{"conf/.env.gz!.env"});
  ASSERT_EQ(e.parts.size(), 1u);
  EXPECT_EQ(e.parts[0].text, "TOKEN=abc\n");
}

TEST(ContainersArchive, NestedArchivesAndNotebooks) {
  const std::string nb = R"({"cells": [{"cell_type": "code", "source": ["k = 'v'\n"]}]})";
  const std::string inner = Build(Kind::kTarGz, {{"c.env", "PASSWORD=p\n"}, {"n.ipynb", nb}});
  const std::string middle = Build(Kind::kZip, {{"lib/b.tar.gz", inner}});
  const std::string outer = Build(Kind::kZip, {{"top.txt", "t"}, {"m.jar", middle}});
  const Expanded e = MustExpand("a.zip", outer);
  EXPECT_EQ(Paths(e), (std::vector<std::string>{"a.zip!top.txt", "a.zip!m.jar!lib/b.tar.gz!c.env",
                                                "a.zip!m.jar!lib/b.tar.gz!n.ipynb"}));
  const TextPart* cell = Find(e, "a.zip!m.jar!lib/b.tar.gz!n.ipynb");
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->where, "cell 1 source");
  EXPECT_EQ(cell->text, "k = 'v'\n");
  EXPECT_TRUE(e.warnings.empty()) << Warnings(e);
}

TEST(ContainersArchive, NestingDeeperThanTheLimitIsNotExpanded) {
  std::string bytes = Build(Kind::kZip, {{"deep.env", "K=v\n"}});
  for (int level = 3; level >= 1; --level) {
    bytes = Build(Kind::kZip, {{"l" + std::to_string(level) + ".zip", bytes}});
  }
  // a.zip (depth 1) holds l1.zip (2), l2.zip (3), l3.zip (4: refused), which holds deep.env.
  const Expanded e = MustExpand("a.zip", bytes);
  EXPECT_TRUE(e.parts.empty());
  EXPECT_TRUE(AnyWarning(e, "a.zip!l1.zip!l2.zip!l3.zip: ", "max_depth")) << Warnings(e);
  ContainerLimits deeper;
  deeper.max_depth = 4;
  const Expanded all = MustExpand("a.zip", bytes, deeper);
  EXPECT_EQ(Paths(all), std::vector<std::string>{"a.zip!l1.zip!l2.zip!l3.zip!deep.env"});
}

TEST(ContainersArchive, ZipBombIsRefusedByRatio) {
  const std::string zeros(12u << 20, 'A');
  const std::string zip =
      Build(Kind::kZip, {{"ok.env", "K=v\n"}, {"bomb.txt", zeros}, {"after.env", "L=w\n"}});
  ASSERT_FALSE(zip.empty());
  ASSERT_LT(zip.size() * 100, zeros.size());  // deflate makes it a bomb for the default ratio
  const Expanded e = MustExpand("dist/bomb.zip", zip);
  EXPECT_TRUE(AnyWarning(e, "dist/bomb.zip: ", "max_ratio")) << Warnings(e);
  EXPECT_EQ(Paths(e), std::vector<std::string>{"dist/bomb.zip!ok.env"});
  // The same member in a tar.gz whose header declares it over max_entry_bytes: skipping it
  // decompresses it all the same, and that is bounded too.
  ContainerLimits small;
  small.max_entry_bytes = 1u << 20;
  const std::string tgz = Build(Kind::kTarGz, {{"bomb.txt", zeros}, {"after.env", "L=w\n"}});
  const Expanded t = MustExpand("bomb.tgz", tgz, small);
  EXPECT_TRUE(AnyWarning(t, "bomb.tgz!bomb.txt", "max_entry_bytes")) << Warnings(t);
  EXPECT_TRUE(AnyWarning(t, "bomb.tgz: ", "max_ratio")) << Warnings(t);
  EXPECT_TRUE(t.parts.empty());
}

TEST(ContainersArchive, CompressibleTextUnderTheRatioFloorIsKept) {
  const std::string text(200u << 10, 'a');  // compresses ~1000:1, but only 200 KiB
  const Expanded e = MustExpand("a.zip", Build(Kind::kZip, {{"big.txt", text}}));
  EXPECT_TRUE(e.warnings.empty()) << Warnings(e);
  ASSERT_EQ(e.parts.size(), 1u);
  EXPECT_EQ(e.parts[0].text.size(), text.size());
}

TEST(ContainersArchive, TooManyEntriesStops) {
  std::vector<Member> members;
  for (int i = 0; i < 10; ++i) members.push_back({"f" + std::to_string(i) + ".txt", "x"});
  ContainerLimits limits;
  limits.max_entries = 4;
  const Expanded e = MustExpand("many.tar", Build(Kind::kTar, members), limits);
  EXPECT_EQ(e.parts.size(), 4u);
  EXPECT_TRUE(AnyWarning(e, "many.tar: ", "max_entries")) << Warnings(e);
}

TEST(ContainersArchive, OversizedMemberSkippedOthersKept) {
  ContainerLimits limits;
  limits.max_entry_bytes = 100;
  const std::string zip =
      Build(Kind::kZip, {{"big.txt", std::string(1000, 'b')}, {"small.txt", "s"}});
  const Expanded e = MustExpand("a.zip", zip, limits);
  EXPECT_EQ(Paths(e), std::vector<std::string>{"a.zip!small.txt"});
  EXPECT_TRUE(AnyWarning(e, "a.zip!big.txt: ", "max_entry_bytes")) << Warnings(e);
}

TEST(ContainersArchive, TotalExpandedBytesStopEverything) {
  ContainerLimits limits;
  limits.max_total_bytes = 2500;
  std::vector<Member> members;
  for (int i = 0; i < 5; ++i) members.push_back({"f" + std::to_string(i), std::string(1000, 'x')});
  const Expanded e = MustExpand("a.tar", Build(Kind::kTar, members), limits);
  EXPECT_EQ(e.parts.size(), 2u);
  EXPECT_TRUE(AnyWarning(e, "a.tar: ", "max_total_bytes")) << Warnings(e);
}

TEST(ContainersArchive, TraversalAndControlNamesAreOnlyLabels) {
  const std::string tar = Build(Kind::kTar, {{"../../etc/passwd", "a"},
                                             {"/abs/x.env", "b"},
                                             {"a/./b/../c.env", "c"},
                                             {"..\\..\\win.ini", "d"},
                                             {"evil\x1b[31m!x%.txt", "e"},
                                             {"../..", "f"}});
  ASSERT_FALSE(tar.empty());
  const Expanded e = MustExpand("t.tar", tar);
  EXPECT_EQ(Paths(e), (std::vector<std::string>{"t.tar!etc/passwd", "t.tar!abs/x.env",
                                                "t.tar!a/b/c.env", "t.tar!win.ini",
                                                "t.tar!evil%1B[31m%21x%25.txt", "t.tar!entry-6"}));
}

TEST(ContainersArchive, LinksAndDevicesAreSkipped) {
  const std::string tar = Build(Kind::kTar, {{"real.env", "K=v\n"},
                                             {"link.env", "", AE_IFLNK, "/etc/shadow"},
                                             {"hard.env", "", AE_IFREG, "real.env"},
                                             {"fifo", "", AE_IFIFO},
                                             {"dev", "", AE_IFCHR}});
  ASSERT_FALSE(tar.empty());
  const Expanded t = MustExpand("l.tar", tar);
  EXPECT_EQ(Paths(t), std::vector<std::string>{"l.tar!real.env"});
  const std::string zip =
      Build(Kind::kZip, {{"real.env", "K=v\n"}, {"link.env", "", AE_IFLNK, "../../x"}});
  ASSERT_FALSE(zip.empty());
  const Expanded z = MustExpand("l.zip", zip);
  EXPECT_EQ(Paths(z), std::vector<std::string>{"l.zip!real.env"});
}

TEST(ContainersArchive, EncryptedZipMembersAreWarned) {
  const std::string zip = Build(Kind::kZip, {{"secret.env", "K=v\n"}}, "pw");
  ASSERT_FALSE(zip.empty());
  const Expanded e = MustExpand("enc.zip", zip);
  EXPECT_TRUE(e.parts.empty());
  EXPECT_TRUE(AnyWarning(e, "enc.zip!secret.env: ", "encrypted")) << Warnings(e);
}

TEST(ContainersArchive, CorruptOrForeignBytesAreErrors) {
  const std::string zip = Build(Kind::kZip, {{"a.env", "K=v\n"}});
  const std::string tgz = Build(Kind::kTarGz, {{"a.env", std::string(5000, 'k')}});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain.zip", "just text"},
      {"empty.zip", ""},
      {"garbage.zip", std::string("PK\x03\x04", 4) + std::string(64, '\xff')},
      {"garbage.tgz", std::string("\x1f\x8b\x08\x00", 4) + std::string(64, '\x55')},
      {"truncated.tgz", tgz.substr(0, 20)},
      {"not-deflate.gz", std::string("\x1f\x8b\x00", 3) + "text after a gzip magic"},
  };
  for (const auto& [name, bytes] : cases) {
    std::vector<std::string> warnings;
    const auto r = ExpandArchive(name, bytes, ContainerLimits{}, &warnings);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().step, ValidationStep::kSyntax) << r.error().ToString();
    EXPECT_EQ(r.error().ToString().rfind(name + ": ", 0), 0u) << r.error().ToString();
  }
  // Cut in the middle of a member: an error or a warning, never a crash or a partial member.
  std::vector<std::string> warnings;
  const auto cut = ExpandArchive("cut.zip", zip.substr(0, zip.size() / 2), {}, &warnings);
  if (cut.ok()) {
    EXPECT_TRUE(cut.value().empty() || cut.value()[0].text == "K=v\n");
  }
}

}  // namespace
}  // namespace fledger::secrets
