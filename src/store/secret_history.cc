// The store's side of `secrets --git-history`: loading and saving the incremental state of one
// repository (schema v2 in store.cc).
#include <ctime>
#include <string>

#include "store/sqlite_util.h"
#include "store/store.h"

namespace fledger::store {
namespace {

using internal::ClosedError;
using internal::Statement;
using internal::Transaction;

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  const size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, n);
}

// The repository row of `key`, or 0 when there is none.
Result<int64_t> FindRepo(sqlite3* db, const SecretHistoryKey& key) {
  FLEDGER_TRY(Statement find,
              Statement::Prepare(db,
                                 "SELECT id FROM secret_history_repo WHERE path = ?1 AND "
                                 "root_commit = ?2"));
  find.Bind(1, key.path).Bind(2, key.root_commit);
  FLEDGER_TRY(const bool row, find.Step());
  return row ? find.Int64(0) : int64_t{0};
}

// Streams column 0 of `sql` (bound to the repository id) to `fn`.
Status ForEachId(sqlite3* db, const char* sql, int64_t repo,
                 const std::function<void(std::string_view)>& fn) {
  FLEDGER_TRY(Statement select, Statement::Prepare(db, sql));
  select.Bind(1, repo);
  while (true) {
    FLEDGER_TRY(const bool row, select.Step("cannot read secret history state"));
    if (!row) return Status();
    if (fn) fn(select.Text(0));
  }
}

}  // namespace

Result<SecretHistoryState> Store::LoadSecretHistory(
    const SecretHistoryKey& key, const std::function<void(std::string_view)>& on_commit,
    const std::function<void(std::string_view)>& on_blob) const {
  if (db_ == nullptr) return ClosedError();
  SecretHistoryState state;
  FLEDGER_TRY(Transaction tx, Transaction::Begin(db_, /*immediate=*/false));
  FLEDGER_TRY(const int64_t repo, FindRepo(db_, key));
  if (repo == 0) {
    FLEDGER_RETURN_IF_ERROR(tx.Commit());
    return state;
  }
  {
    FLEDGER_TRY(Statement seq,
                Statement::Prepare(db_, "SELECT next_seq FROM secret_history_repo WHERE id = ?1"));
    seq.Bind(1, repo);
    FLEDGER_TRY(const bool row, seq.Step());
    if (row) state.next_seq = seq.Int64(0);
  }
  FLEDGER_RETURN_IF_ERROR(ForEachId(
      db_, "SELECT commit_id FROM secret_history_commit WHERE repo_id = ?1", repo, on_commit));
  FLEDGER_RETURN_IF_ERROR(
      ForEachId(db_, "SELECT blob_id FROM secret_history_blob WHERE repo_id = ?1", repo, on_blob));

  FLEDGER_TRY(Statement hits, Statement::Prepare(db_,
                                                 "SELECT blob_id, secret_key, finding FROM "
                                                 "secret_history_hit WHERE repo_id = ?1 "
                                                 "ORDER BY blob_id, secret_key"));
  hits.Bind(1, repo);
  while (true) {
    FLEDGER_TRY(const bool row, hits.Step());
    if (!row) break;
    state.hits.push_back(SecretHistoryHit{hits.Text(0), hits.Text(1), hits.Text(2)});
  }
  FLEDGER_TRY(Statement secrets,
              Statement::Prepare(db_,
                                 "SELECT secret_key, blob_id, commit_id, author, date, "
                                 "commit_time, seq, path FROM secret_history_secret "
                                 "WHERE repo_id = ?1 ORDER BY secret_key"));
  secrets.Bind(1, repo);
  while (true) {
    FLEDGER_TRY(const bool row, secrets.Step());
    if (!row) break;
    state.introduced.push_back(SecretHistoryIntroduced{
        .secret_key = secrets.Text(0),
        .blob_id = secrets.Text(1),
        .commit_id = secrets.Text(2),
        .author = secrets.Text(3),
        .date = secrets.Text(4),
        .commit_time = secrets.Int64(5),
        .seq = secrets.Int64(6),
        .path = secrets.Text(7),
    });
  }
  FLEDGER_TRY(Statement paths,
              Statement::Prepare(db_,
                                 "SELECT secret_key, path FROM secret_history_path WHERE "
                                 "repo_id = ?1 ORDER BY secret_key, path"));
  paths.Bind(1, repo);
  while (true) {
    FLEDGER_TRY(const bool row, paths.Step());
    if (!row) break;
    state.paths.push_back(SecretHistoryPath{paths.Text(0), paths.Text(1)});
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return state;
}

Status Store::SaveSecretHistory(const SecretHistoryKey& key, const SecretHistoryState& delta,
                                bool replace) {
  if (db_ == nullptr) return ClosedError();
  FLEDGER_TRY(Transaction tx, Transaction::Begin(db_, /*immediate=*/true));
  {
    // Foreign keys cascade the deletes to every state table.
    FLEDGER_TRY(Statement forget,
                Statement::Prepare(db_, replace ? "DELETE FROM secret_history_repo WHERE path = ?1"
                                                : "DELETE FROM secret_history_repo WHERE path = "
                                                  "?1 AND root_commit <> ?2"));
    forget.Bind(1, key.path);
    if (!replace) forget.Bind(2, key.root_commit);
    FLEDGER_RETURN_IF_ERROR(forget.Run("cannot forget secret history state"));
  }
  {
    FLEDGER_TRY(Statement upsert,
                Statement::Prepare(db_,
                                   "INSERT INTO secret_history_repo (path, root_commit, next_seq, "
                                   "updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (path, "
                                   "root_commit) DO UPDATE SET next_seq = excluded.next_seq, "
                                   "updated_at = excluded.updated_at"));
    upsert.Bind(1, key.path).Bind(2, key.root_commit).Bind(3, delta.next_seq).Bind(4, NowUtc());
    FLEDGER_RETURN_IF_ERROR(upsert.Run("cannot record secret history repository"));
  }
  FLEDGER_TRY(const int64_t repo, FindRepo(db_, key));

  // An id recorded by an earlier run (or twice in this one) is not an error. ON CONFLICT DO
  // NOTHING, as the OR IGNORE clause would also drop a row failing a CHECK, silently.
  FLEDGER_TRY(Statement commit,
              Statement::Prepare(db_,
                                 "INSERT INTO secret_history_commit "
                                 "(repo_id, commit_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"));
  for (const std::string& id : delta.commits) {
    commit.Reset();
    commit.Bind(1, repo).Bind(2, id);
    FLEDGER_RETURN_IF_ERROR(commit.Run("cannot record scanned commit"));
  }
  FLEDGER_TRY(Statement blob,
              Statement::Prepare(db_,
                                 "INSERT INTO secret_history_blob "
                                 "(repo_id, blob_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"));
  for (const std::string& id : delta.blobs) {
    blob.Reset();
    blob.Bind(1, repo).Bind(2, id);
    FLEDGER_RETURN_IF_ERROR(blob.Run("cannot record scanned blob"));
  }
  FLEDGER_TRY(
      Statement hit,
      Statement::Prepare(db_,
                         "INSERT INTO secret_history_hit (repo_id, blob_id, "
                         "secret_key, finding) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"));
  for (const SecretHistoryHit& h : delta.hits) {
    hit.Reset();
    hit.Bind(1, repo).Bind(2, h.blob_id).Bind(3, h.secret_key).Bind(4, h.finding_json);
    FLEDGER_RETURN_IF_ERROR(hit.Run("cannot record secret hit"));
  }
  FLEDGER_TRY(
      Statement intro,
      Statement::Prepare(db_,
                         "INSERT INTO secret_history_secret (repo_id, "
                         "secret_key, blob_id, commit_id, author, date, commit_time, seq, "
                         "path) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (repo_id, "
                         "secret_key) DO UPDATE SET blob_id = excluded.blob_id, "
                         "commit_id = excluded.commit_id, author = excluded.author, "
                         "date = excluded.date, commit_time = excluded.commit_time, "
                         "seq = excluded.seq, path = excluded.path"));
  for (const SecretHistoryIntroduced& s : delta.introduced) {
    intro.Reset();
    intro.Bind(1, repo)
        .Bind(2, s.secret_key)
        .Bind(3, s.blob_id)
        .Bind(4, s.commit_id)
        .Bind(5, s.author)
        .Bind(6, s.date)
        .Bind(7, s.commit_time)
        .Bind(8, s.seq)
        .Bind(9, s.path);
    FLEDGER_RETURN_IF_ERROR(intro.Run("cannot record secret introduction"));
  }
  FLEDGER_TRY(
      Statement path,
      Statement::Prepare(db_,
                         "INSERT INTO secret_history_path "
                         "(repo_id, secret_key, path) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"));
  for (const SecretHistoryPath& p : delta.paths) {
    path.Reset();
    path.Bind(1, repo).Bind(2, p.secret_key).Bind(3, p.path);
    FLEDGER_RETURN_IF_ERROR(path.Run("cannot record secret path"));
  }
  return tx.Commit();
}

}  // namespace fledger::store
