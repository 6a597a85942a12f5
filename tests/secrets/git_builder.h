// Test helper: builds git repositories with libgit2 directly (no git binary, no working tree
// files): branches with their own file sets, commits with a chosen author and time, tags, HEAD
// on a branch or detached.
//
//   GitBuilder git(dir.path());
//   git_oid c = git.Commit("main", {{"a.txt", "hello"}}, "Alice", 1000);
//   git.Tag("v1", c);
#pragma once

#include <git2.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace fledger::testing {

class GitBuilder {
 public:
  // Content that makes a submodule entry (a gitlink) instead of a blob.
  static constexpr const char* kSubmodule = "\x01submodule";
  // Prefix of content that makes a symbolic link to the rest of the content.
  static constexpr const char* kSymlink = "\x01symlink:";

  explicit GitBuilder(const std::filesystem::path& dir) {
    git_libgit2_init();
    EXPECT_EQ(git_repository_init(&repo_, dir.c_str(), /*is_bare=*/0), 0) << Err();
  }
  ~GitBuilder() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  GitBuilder(const GitBuilder&) = delete;
  GitBuilder& operator=(const GitBuilder&) = delete;

  git_repository* repo() { return repo_; }

  // Applies `changes` (path -> content; nullopt deletes) to `branch`'s files and commits them on
  // top of its tip (a root commit for a new branch). `also_parent` adds a second parent (a merge).
  git_oid Commit(const std::string& branch,
                 const std::map<std::string, std::optional<std::string>>& changes,
                 const std::string& author, int64_t time,
                 std::optional<git_oid> also_parent = std::nullopt) {
    auto& files = files_[branch];
    for (const auto& [path, content] : changes) {
      if (content.has_value()) {
        files[path] = *content;
      } else {
        files.erase(path);
      }
    }
    const git_oid tree_id = BuildTree(files, "");
    git_tree* tree = nullptr;
    EXPECT_EQ(git_tree_lookup(&tree, repo_, &tree_id), 0) << Err();
    git_signature* sig = nullptr;
    const std::string email = Lower(author) + "@example.org";
    EXPECT_EQ(git_signature_new(&sig, author.c_str(), email.c_str(), time, 0), 0) << Err();
    const git_commit* parents[2] = {nullptr, nullptr};
    size_t count = 0;
    git_commit* tip = nullptr;
    git_commit* other = nullptr;
    if (const auto it = tips_.find(branch); it != tips_.end()) {
      EXPECT_EQ(git_commit_lookup(&tip, repo_, &it->second), 0) << Err();
      parents[count++] = tip;
    }
    if (also_parent.has_value()) {
      EXPECT_EQ(git_commit_lookup(&other, repo_, &*also_parent), 0) << Err();
      parents[count++] = other;
    }
    git_oid id{};
    const std::string ref = "refs/heads/" + branch;
    const std::string message = "commit at " + std::to_string(time) + "\n";
    EXPECT_EQ(git_commit_create(&id, repo_, ref.c_str(), sig, sig, nullptr, message.c_str(), tree,
                                count, parents),
              0)
        << Err();
    git_commit_free(tip);
    git_commit_free(other);
    git_signature_free(sig);
    git_tree_free(tree);
    tips_[branch] = id;
    return id;
  }

  // A new branch starting at `from`'s tip with its files.
  void Branch(const std::string& name, const std::string& from) {
    files_[name] = files_[from];
    tips_[name] = tips_.at(from);
    git_commit* tip = nullptr;
    ASSERT_EQ(git_commit_lookup(&tip, repo_, &tips_[name]), 0) << Err();
    git_reference* ref = nullptr;
    ASSERT_EQ(git_branch_create(&ref, repo_, name.c_str(), tip, /*force=*/1), 0) << Err();
    git_reference_free(ref);
    git_commit_free(tip);
  }
  void DeleteBranch(const std::string& name) {
    git_reference* ref = nullptr;
    ASSERT_EQ(git_branch_lookup(&ref, repo_, name.c_str(), GIT_BRANCH_LOCAL), 0) << Err();
    ASSERT_EQ(git_branch_delete(ref), 0) << Err();
    git_reference_free(ref);
    files_.erase(name);
    tips_.erase(name);
  }
  void Tag(const std::string& name, const git_oid& target) {
    git_object* object = nullptr;
    ASSERT_EQ(git_object_lookup(&object, repo_, &target, GIT_OBJECT_ANY), 0) << Err();
    git_signature* sig = nullptr;
    ASSERT_EQ(git_signature_new(&sig, "Tagger", "tagger@example.org", 1, 0), 0);
    git_oid tag_id{};
    ASSERT_EQ(git_tag_create(&tag_id, repo_, name.c_str(), object, sig, "a tag", 0), 0) << Err();
    git_signature_free(sig);
    git_object_free(object);
  }
  void SetHead(const std::string& branch) {
    ASSERT_EQ(git_repository_set_head(repo_, ("refs/heads/" + branch).c_str()), 0) << Err();
  }
  void Detach(const git_oid& commit) {
    ASSERT_EQ(git_repository_set_head_detached(repo_, &commit), 0) << Err();
  }

  // The id of the blob holding `content`.
  git_oid BlobId(const std::string& content) {
    git_oid id{};
    EXPECT_EQ(git_blob_create_from_buffer(&id, repo_, content.data(), content.size()), 0);
    return id;
  }
  // The loose object file of `id` (objects are written loose; nothing here packs them).
  std::filesystem::path ObjectFile(const git_oid& id) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    return std::filesystem::path(git_repository_path(repo_)) / "objects" / std::string(hex, 2) /
           std::string(hex + 2);
  }

  static std::string Hex(const git_oid& id) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    return hex;
  }

 private:
  static std::string Err() {
    const git_error* e = git_error_last();
    return e != nullptr && e->message != nullptr ? e->message : "";
  }
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  // Writes the tree of the files under `prefix` ("" or "dir/") and returns its id.
  git_oid BuildTree(const std::map<std::string, std::string>& files, const std::string& prefix) {
    git_treebuilder* builder = nullptr;
    EXPECT_EQ(git_treebuilder_new(&builder, repo_, nullptr), 0) << Err();
    std::map<std::string, bool> subdirs;
    for (auto it = files.lower_bound(prefix);
         it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      const std::string rest = it->first.substr(prefix.size());
      const size_t slash = rest.find('/');
      if (slash != std::string::npos) {
        subdirs[rest.substr(0, slash)] = true;
        continue;
      }
      const std::string& content = it->second;
      git_oid id{};
      git_filemode_t mode = GIT_FILEMODE_BLOB;
      if (content == kSubmodule) {
        id = BlobId("not really a commit");
        mode = GIT_FILEMODE_COMMIT;
      } else if (content.rfind(kSymlink, 0) == 0) {
        id = BlobId(content.substr(std::string(kSymlink).size()));
        mode = GIT_FILEMODE_LINK;
      } else {
        id = BlobId(content);
      }
      EXPECT_EQ(git_treebuilder_insert(nullptr, builder, rest.c_str(), &id, mode), 0) << Err();
    }
    for (const auto& [dir, unused] : subdirs) {
      const git_oid sub = BuildTree(files, prefix + dir + "/");
      EXPECT_EQ(git_treebuilder_insert(nullptr, builder, dir.c_str(), &sub, GIT_FILEMODE_TREE), 0)
          << Err();
    }
    git_oid id{};
    EXPECT_EQ(git_treebuilder_write(&id, builder), 0) << Err();
    git_treebuilder_free(builder);
    return id;
  }

  git_repository* repo_ = nullptr;
  std::map<std::string, std::map<std::string, std::string>> files_;
  std::map<std::string, git_oid> tips_;
};

}  // namespace fledger::testing
