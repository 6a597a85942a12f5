// Threagile YAML (threagile_version 1.0.0) as a fledger Model: technical assets -> components,
// communication links -> flows, data assets -> data, trust boundaries (nested) -> boundaries,
// abuse cases -> misuse cases, questions -> questions, security requirements -> planned controls,
// individual/custom risk categories' identified risks -> threats (status from risk_tracking), and
// the other mitigated risk_tracking entries -> controls. Enum values are Threagile's, matched
// without regard to case as Threagile does; an unknown one is an error at its file:line.
#include <algorithm>
#include <functional>

#include "core/text.h"
#include "model/import/import_internal.h"

namespace fledger::model {
namespace {

using import_internal::IdMaker;
using import_internal::Note;
using import_internal::PlainText;
using import_internal::Slug;
using import_internal::YNode;

Error Bad(const YNode& at, const std::string& message) {
  return InputError(ValidationStep::kSemantics, at.Where(), message);
}

// The scalar under `key`, "" when absent or empty; an error when it is a list or mapping.
Result<std::string> Text(const YNode& map, std::string_view key) {
  const YNode* v = map.Get(key);
  if (v == nullptr || v->IsNull()) return std::string();
  if (!v->IsScalar()) return Bad(*v, "'" + std::string(key) + "' must be a value");
  return v->scalar;
}

bool Flag(const YNode& map, std::string_view key) {
  const YNode* v = map.Get(key);
  return v != nullptr && v->IsScalar() && ToLower(v->scalar) == "true";
}

// A list of scalars under `key` (absent: empty).
Result<std::vector<std::string>> Texts(const YNode& map, std::string_view key) {
  std::vector<std::string> out;
  const YNode* v = map.Get(key);
  if (v == nullptr || v->IsNull()) return out;
  if (!v->IsSeq()) return Bad(*v, "'" + std::string(key) + "' must be a list");
  for (const YNode& item : v->items) {
    if (item.IsNull()) continue;
    if (!item.IsScalar()) return Bad(item, "'" + std::string(key) + "' must list values");
    out.push_back(item.scalar);
  }
  return out;
}

using Table = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// `key`'s value mapped through `table` (Threagile's names, any case); `fallback` when absent.
Result<std::string> Mapped(const YNode& map, std::string_view key, Table table,
                           std::string fallback) {
  FLEDGER_TRY(const std::string raw, Text(map, key));
  if (raw.empty()) return fallback;
  const std::string v = ToLower(raw);
  std::string names;
  for (const auto& [from, to] : table) {
    if (v == from) return std::string(to);
    names += (names.empty() ? "" : ", ") + std::string(from);
  }
  return Bad(*map.Get(key), "'" + std::string(key) + "' must be one of " + names + ", not '" +
                                EscapeTerminal(Truncate(raw, 40)) + "'");
}

// Threagile's confidentiality (public < internal < restricted < confidential <
// strictly-confidential) onto our classification by rank: our restricted ranks above confidential.
const Table kClassification = {{"public", "public"},
                                   {"internal", "internal"},
                                   {"restricted", "confidential"},
                                   {"confidential", "restricted"},
                                   {"strictly-confidential", "secret"}};
const Table kConfidentiality = {{"public", "low"},
                                    {"internal", "low"},
                                    {"restricted", "medium"},
                                    {"confidential", "high"},
                                    {"strictly-confidential", "critical"}};
const Table kCriticality = {{"archive", "low"},
                                {"operational", "medium"},
                                {"important", "high"},
                                {"critical", "critical"},
                                {"mission-critical", "critical"}};
const Table kQuantity = {
    {"very-few", "very-few"}, {"few", "few"}, {"many", "many"}, {"very-many", "very-many"}};
const Table kAssetType = {
    {"external-entity", "external-service"}, {"process", "process"}, {"datastore", "data-store"}};
const Table kAuthentication = {{"none", "none"},       {"credentials", "password"},
                                   {"session-id", "session"}, {"token", "token"},
                                   {"client-certificate", "mtls"}, {"two-factor", "password"},
                                   {"externalized", "sso"}};
const Table kAuthorization = {
    {"none", "no"}, {"technical-user", "yes"}, {"end-user-identity-propagation", "yes"}};
const Table kBoundaryType = {{"network-on-prem", "network"},
                                 {"network-dedicated-hoster", "network"},
                                 {"network-virtual-lan", "network"},
                                 {"network-cloud-provider", "cloud-account"},
                                 {"network-cloud-security-group", "network"},
                                 {"network-policy-namespace-isolation", "container"},
                                 {"execution-environment", "host"}};
const Table kStride = {{"spoofing", "spoofing"},
                           {"tampering", "tampering"},
                           {"repudiation", "repudiation"},
                           {"information-disclosure", "information-disclosure"},
                           {"denial-of-service", "denial-of-service"},
                           {"elevation-of-privilege", "elevation-of-privilege"}};
const Table kLikelihood = {
    {"unlikely", "low"}, {"likely", "medium"}, {"very-likely", "high"}, {"frequent", "high"}};
const Table kImpact = {
    {"low", "low"}, {"medium", "medium"}, {"high", "high"}, {"very-high", "critical"}};
const Table kTrackingStatus = {{"unchecked", "open"},        {"in-discussion", "open"},
                                   {"accepted", "accepted"},     {"in-progress", "open"},
                                   {"mitigated", "mitigated"},   {"false-positive", "false-positive"}};

bool EncryptedProtocol(const std::string& p) {
  static constexpr std::string_view kEncrypted[] = {"https", "wss",  "ssh",   "ssh-tunnel",
                                                    "ftps",  "sftp", "scp",   "ldaps"};
  return std::find(std::begin(kEncrypted), std::end(kEncrypted), p) != std::end(kEncrypted) ||
         (p.size() > 10 && p.compare(p.size() - 10, 10, "-encrypted") == 0);
}

// The elements of a Threagile map section (title -> element), each with its `id` (the title
// when it has none), sorted by that id; a repeated id is an error.
struct Entry {
  std::string source_id;
  std::string title;
  const YNode* node;
};
Result<std::vector<Entry>> Entries(const YNode& root, std::string_view section) {
  std::vector<Entry> out;
  const YNode* s = root.Get(section);
  if (s == nullptr || s->IsNull()) return out;
  if (!s->IsMap()) return Bad(*s, "'" + std::string(section) + "' must be a mapping");
  for (const auto& [title, node] : s->members) {
    if (!node.IsMap()) {
      return Bad(node, "'" + EscapeTerminal(Truncate(title, 60)) + "' in " + std::string(section) +
                           " must be a mapping");
    }
    FLEDGER_TRY(std::string id, Text(node, "id"));
    out.push_back({id.empty() ? title : id, title, &node});
  }
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.source_id < b.source_id; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].source_id == out[i - 1].source_id) {
      return Bad(*out[i].node, "id '" + EscapeTerminal(Truncate(out[i].source_id, 60)) +
                                   "' is also used at " + out[i - 1].node->Where());
    }
  }
  return out;
}

class Importer {
 public:
  explicit Importer(const YNode& root) : root_(root) {}

  Result<ImportResult> Run() {
    Model& m = out_.model;
    FLEDGER_TRY(m.name, Text(root_, "title"));
    m.name = PlainText(m.name, 200);
    for (const char* overview : {"application_description", "business_overview"}) {
      const YNode* o = root_.Get(overview);
      if (m.description.empty() && o != nullptr && o->IsMap()) {
        FLEDGER_TRY(const std::string d, Text(*o, "description"));
        m.description = PlainText(d);
      }
    }
    FLEDGER_TRY(data_, Entries(root_, "data_assets"));
    FLEDGER_TRY(boundaries_, Entries(root_, "trust_boundaries"));
    FLEDGER_TRY(assets_, Entries(root_, "technical_assets"));
    for (const Entry& e : data_) data_ids_.emplace(e.source_id, ids_.Make(e.source_id, "data"));
    for (const Entry& e : boundaries_) {
      boundary_ids_.emplace(e.source_id, ids_.Make(e.source_id, "boundary"));
    }
    for (const Entry& e : assets_) {
      asset_ids_.emplace(e.source_id, ids_.Make(e.source_id, "component"));
    }
    FLEDGER_RETURN_IF_ERROR(Data());
    FLEDGER_RETURN_IF_ERROR(Boundaries());
    FLEDGER_RETURN_IF_ERROR(Components());
    FLEDGER_RETURN_IF_ERROR(TextSections());
    FLEDGER_RETURN_IF_ERROR(Risks());
    for (const char* dropped : {"shared_runtimes", "tags_available"}) {
      const YNode* s = root_.Get(dropped);
      if (s != nullptr && !s->IsNull() && !(s->IsMap() && s->members.empty())) {
        Note(out_.notes, std::string(dropped) + ": not imported (fledger has no equivalent)");
      }
    }
    import_internal::SortModel(m);
    return std::move(out_);
  }

 private:
  Result<std::vector<ElementId>> DataRefs(const YNode& node, std::string_view key) {
    FLEDGER_TRY(const std::vector<std::string> refs, Texts(node, key));
    std::vector<ElementId> out;
    for (const std::string& r : refs) {
      const auto it = data_ids_.find(r);
      if (it == data_ids_.end()) {
        return Bad(*node.Get(key), "'" + std::string(key) + "' names no data asset '" +
                                       EscapeTerminal(Truncate(r, 60)) + "'");
      }
      out.push_back(it->second);
    }
    return out;
  }

  Status Data() {
    for (const Entry& e : data_) {
      const YNode& n = *e.node;
      DataAsset d;
      d.id = data_ids_.at(e.source_id);
      d.line = n.line;
      d.name = PlainText(e.title, 200);
      if (d.name.empty()) d.name = d.id.str();  // a title of tags only
      FLEDGER_TRY(d.classification, Mapped(n, "confidentiality", kClassification, "internal"));
      FLEDGER_TRY(d.confidentiality, Mapped(n, "confidentiality", kConfidentiality, "medium"));
      FLEDGER_TRY(d.integrity, Mapped(n, "integrity", kCriticality, "medium"));
      FLEDGER_TRY(d.availability, Mapped(n, "availability", kCriticality, "medium"));
      FLEDGER_TRY(d.quantity, Mapped(n, "quantity", kQuantity, "few"));
      FLEDGER_TRY(const std::string description, Text(n, "description"));
      FLEDGER_TRY(const std::string why, Text(n, "justification_cia_rating"));
      d.description = PlainText(description + (why.empty() ? "" : " (CIA rating: " + why + ")"));
      out_.model.data.push_back(std::move(d));
    }
    return {};
  }

  Status Boundaries() {
    std::map<std::string, std::string> parent_of;  // source ids
    for (const Entry& e : boundaries_) {
      FLEDGER_TRY(const std::vector<std::string> nested, Texts(*e.node, "trust_boundaries_nested"));
      for (const std::string& child : nested) {
        if (boundary_ids_.count(child) == 0) {
          return Bad(*e.node->Get("trust_boundaries_nested"),
                     "'trust_boundaries_nested' names no trust boundary '" +
                         EscapeTerminal(Truncate(child, 60)) + "'");
        }
        const auto [it, fresh] = parent_of.emplace(child, e.source_id);
        if (!fresh && it->second != e.source_id) {
          return Bad(*e.node, "trust boundary '" + EscapeTerminal(child) +
                                  "' is nested in two boundaries ('" + EscapeTerminal(it->second) +
                                  "' too)");
        }
      }
    }
    for (const Entry& e : boundaries_) {
      // Depth of each boundary, for "innermost", memoized (linear in all); a nesting cycle is an
      // error.
      std::vector<std::string> path;
      int depth = -1;  // of the parent of path.back(): -1 when it has none
      for (std::string at = e.source_id;;) {
        if (const auto d = depth_.find(at); d != depth_.end()) {
          depth = d->second;
          break;
        }
        path.push_back(at);
        if (path.size() > boundaries_.size()) return Bad(*e.node, "trust boundaries nested in a cycle");
        const auto p = parent_of.find(at);
        if (p == parent_of.end()) break;
        at = p->second;
      }
      for (auto it = path.rbegin(); it != path.rend(); ++it) depth_[*it] = ++depth;
      Boundary b;
      b.id = boundary_ids_.at(e.source_id);
      b.line = e.node->line;
      b.name = PlainText(e.title, 200);
      if (b.name.empty()) b.name = b.id.str();  // a title of tags only
      FLEDGER_TRY(b.kind, Mapped(*e.node, "type", kBoundaryType, "network"));
      if (const auto p = parent_of.find(e.source_id); p != parent_of.end()) {
        b.parent = boundary_ids_.at(p->second);
      }
      FLEDGER_TRY(const std::string description, Text(*e.node, "description"));
      b.description = PlainText(description);
      out_.model.boundaries.push_back(std::move(b));
      FLEDGER_TRY(const std::vector<std::string> inside, Texts(*e.node, "technical_assets_inside"));
      for (const std::string& a : inside) {
        if (asset_ids_.count(a) == 0) {
          return Bad(*e.node->Get("technical_assets_inside"),
                     "'technical_assets_inside' names no technical asset '" +
                         EscapeTerminal(Truncate(a, 60)) + "'");
        }
        inside_[a].push_back(e.source_id);
      }
    }
    return {};
  }

  Status Components() {
    std::map<ElementId, std::vector<std::string>> incoming_auth;
    for (const Entry& e : assets_) {
      const YNode& n = *e.node;
      Component c;
      c.id = asset_ids_.at(e.source_id);
      c.line = n.line;
      c.name = PlainText(e.title, 200);
      if (c.name.empty()) c.name = c.id.str();  // a title of tags only
      FLEDGER_TRY(c.kind, Mapped(n, "type", kAssetType, "process"));
      FLEDGER_TRY(const std::string technology, Text(n, "technology"));
      FLEDGER_TRY(std::vector<std::string> technologies, Texts(n, "technologies"));
      if (!technology.empty()) technologies.insert(technologies.begin(), technology);
      for (const std::string& t : technologies) {
        c.technology += (c.technology.empty() ? "" : ", ") + PlainText(t, 100);
      }
      c.exposure = Flag(n, "internet") ? "internet" : "internal";
      // The innermost boundary the asset is listed in.
      if (const auto in = inside_.find(e.source_id); in != inside_.end()) {
        std::string best = in->second.front();
        for (const std::string& b : in->second) {
          if (depth_[b] > depth_[best]) best = b;
        }
        c.boundary = boundary_ids_.at(best);
      }
      FLEDGER_TRY(std::vector<ElementId> processed, DataRefs(n, "data_assets_processed"));
      FLEDGER_TRY(const std::vector<ElementId> stored, DataRefs(n, "data_assets_stored"));
      processed.insert(processed.end(), stored.begin(), stored.end());
      c.data = std::move(processed);
      FLEDGER_TRY(const std::string description, Text(n, "description"));
      std::string text = description;
      FLEDGER_TRY(const std::string encryption, Text(n, "encryption"));
      if (!encryption.empty() && ToLower(encryption) != "none") {
        text += " Encryption at rest: " + encryption + ".";
      }
      if (Flag(n, "out_of_scope")) {
        FLEDGER_TRY(const std::string why, Text(n, "justification_out_of_scope"));
        text += " Out of scope" + (why.empty() ? std::string(".") : ": " + why);
      }
      c.description = PlainText(text);
      c.provenance.source = "threagile:" + PlainText(e.source_id, 200);
      FLEDGER_RETURN_IF_ERROR(Links(e, incoming_auth));
      out_.model.components.push_back(std::move(c));
    }
    // A component's authentication: the one every flow into it uses, if they agree.
    for (Component& c : out_.model.components) {
      const auto it = incoming_auth.find(c.id);
      if (it == incoming_auth.end()) continue;
      const auto& kinds = it->second;
      if (std::all_of(kinds.begin(), kinds.end(), [&](const auto& k) { return k == kinds[0]; })) {
        c.authentication = kinds[0];
      }
    }
    return {};
  }

  Status Links(const Entry& asset, std::map<ElementId, std::vector<std::string>>& incoming_auth) {
    const YNode* links = asset.node->Get("communication_links");
    if (links == nullptr || links->IsNull()) return {};
    if (!links->IsMap()) return Bad(*links, "'communication_links' must be a mapping");
    std::vector<const YNode::Member*> sorted;
    for (const auto& member : links->members) sorted.push_back(&member);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
    for (const auto* link : sorted) {
      const YNode& n = link->second;
      if (!n.IsMap()) return Bad(n, "a communication link must be a mapping");
      Flow f;
      const std::string threagile_id = asset.source_id + ">" + Slug(link->first);
      f.id = ids_.Make(asset.source_id + "-" + link->first, "flow");
      link_ids_.emplace(ToLower(threagile_id), f.id);
      f.line = n.line;
      f.source = asset_ids_.at(asset.source_id);
      FLEDGER_TRY(const std::string target, Text(n, "target"));
      const auto t = asset_ids_.find(target);
      if (t == asset_ids_.end()) {
        return Bad(n, "communication link '" + EscapeTerminal(Truncate(link->first, 60)) +
                          "' targets no technical asset '" + EscapeTerminal(Truncate(target, 60)) +
                          "'");
      }
      f.target = t->second;
      FLEDGER_TRY(const std::string protocol, Text(n, "protocol"));
      f.protocol = ToLower(PlainText(protocol, 100));
      f.encrypted = EncryptedProtocol(f.protocol) || Flag(n, "vpn");
      FLEDGER_TRY(f.authentication, Mapped(n, "authentication", kAuthentication, "unknown"));
      FLEDGER_TRY(const std::string authz, Mapped(n, "authorization", kAuthorization, "no"));
      f.authorization = authz == "yes";
      FLEDGER_TRY(std::vector<ElementId> sent, DataRefs(n, "data_assets_sent"));
      FLEDGER_TRY(const std::vector<ElementId> received, DataRefs(n, "data_assets_received"));
      sent.insert(sent.end(), received.begin(), received.end());
      f.data = std::move(sent);
      FLEDGER_TRY(const std::string description, Text(n, "description"));
      f.description = PlainText(link->first + (description.empty() ? "" : ": " + description));
      f.provenance.source = "threagile:" + PlainText(threagile_id, 200);
      incoming_auth[f.target].push_back(f.authentication);
      out_.model.flows.push_back(std::move(f));
      FLEDGER_RETURN_IF_ERROR(import_internal::CheckCount(out_.model.flows.size(), asset.node->file));
    }
    return {};
  }

  // abuse_cases, questions and security_requirements: maps of text to text.
  Status TextSections() {
    auto each = [&](const char* section, const std::function<void(const std::string&, const std::string&, int)>& add) -> Status {
      const YNode* s = root_.Get(section);
      if (s == nullptr || s->IsNull()) return {};
      if (!s->IsMap()) return Bad(*s, std::string("'") + section + "' must be a mapping");
      std::vector<const YNode::Member*> sorted;
      for (const auto& member : s->members) sorted.push_back(&member);
      std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
      for (const auto* member : sorted) {
        const YNode& value = member->second;
        if (!value.IsScalar() && !value.IsNull()) {
          return Bad(value, std::string("entries of '") + section + "' must be text");
        }
        add(member->first, value.scalar, value.line);
      }
      return {};
    };
    Model& m = out_.model;
    FLEDGER_RETURN_IF_ERROR(each("abuse_cases", [&](const std::string& title, const std::string& text, int line) {
      MisuseCase mc;
      mc.id = ids_.Make("mc-" + title, "mc");
      mc.line = line;
      const std::string plain = PlainText(text);
      const size_t so = plain.find(" in order to ");
      mc.action = PlainText(title, 200) + ": " + (so == std::string::npos ? plain : plain.substr(0, so));
      if (so != std::string::npos) mc.gain = plain.substr(so + 13);
      m.misuse_cases.push_back(std::move(mc));
    }));
    FLEDGER_RETURN_IF_ERROR(each("questions", [&](const std::string& q, const std::string& a, int line) {
      Question question;
      question.id = ids_.Make("q-" + q, "q");
      question.line = line;
      question.text = PlainText(q);
      question.answer = PlainText(a);
      if (!question.text.empty()) m.questions.push_back(std::move(question));
    }));
    FLEDGER_RETURN_IF_ERROR(each("security_requirements", [&](const std::string& name, const std::string& text, int line) {
      Control c;
      c.id = ids_.Make("c-" + name, "c");
      c.line = line;
      c.name = PlainText(name, 200);
      c.description = "Security requirement: " + PlainText(text);
      if (!c.name.empty()) m.controls.push_back(std::move(c));
    }));
    return {};
  }

  struct Tracking {
    std::string key;  // lower case
    const YNode* node;
    bool used = false;
  };

  // The risk_tracking entry for a synthetic risk id: exact first, then wildcards ("*" parts).
  // `tracking` is sorted by key: the exact match by binary search, and only keys with a '*' are
  // tried as wildcards (another key matches only itself).
  Tracking* Track(std::vector<Tracking>& tracking, const std::string& synthetic) {
    const auto exact = std::lower_bound(
        tracking.begin(), tracking.end(), synthetic,
        [](const Tracking& t, const std::string& key) { return t.key < key; });
    if (exact != tracking.end() && exact->key == synthetic) return &*exact;
    auto parts = [](const std::string& s) {
      std::vector<std::string> out(1);
      for (const char c : s) {
        if (c == '@') {
          out.emplace_back();
        } else {
          out.back() += c;
        }
      }
      return out;
    };
    const auto want = parts(synthetic);
    for (Tracking& t : tracking) {
      if (t.key.find('*') == std::string::npos) continue;
      const auto have = parts(t.key);
      if (have.size() != want.size()) continue;
      bool match = true;
      for (size_t i = 0; i < have.size() && match; ++i) match = have[i] == "*" || have[i] == want[i];
      if (match) return &t;
    }
    return nullptr;
  }

  Status Risks() {
    std::vector<Tracking> tracking;
    if (const YNode* rt = root_.Get("risk_tracking"); rt != nullptr && rt->IsMap()) {
      for (const auto& [key, value] : rt->members) {
        if (!value.IsMap()) return Bad(value, "a risk_tracking entry must be a mapping");
        tracking.push_back({ToLower(key), &value});
      }
      std::sort(tracking.begin(), tracking.end(),
                [](const Tracking& a, const Tracking& b) { return a.key < b.key; });
    }
    // Individual risk categories: a map titled by key (the Threagile demo), or a list with
    // `title` (custom_risk_categories at Threagile's HEAD); both are read.
    std::vector<std::pair<std::string, const YNode*>> categories;
    if (const YNode* s = root_.Get("individual_risk_categories"); s != nullptr && s->IsMap()) {
      for (const auto& [title, node] : s->members) categories.emplace_back(title, &node);
    }
    if (const YNode* s = root_.Get("custom_risk_categories"); s != nullptr && s->IsSeq()) {
      for (const YNode& node : s->items) {
        if (!node.IsMap()) return Bad(node, "a custom risk category must be a mapping");
        FLEDGER_TRY(const std::string title, Text(node, "title"));
        categories.emplace_back(title, &node);
      }
    }
    std::sort(categories.begin(), categories.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [title, cat] : categories) {
      if (!cat->IsMap()) return Bad(*cat, "a risk category must be a mapping");
      FLEDGER_TRY(std::string cat_id, Text(*cat, "id"));
      if (cat_id.empty()) cat_id = Slug(title);
      FLEDGER_TRY(const std::string stride, Mapped(*cat, "stride", kStride, ""));
      if (stride.empty()) return Bad(*cat, "risk category '" + EscapeTerminal(Truncate(title, 60)) + "' needs 'stride'");
      FLEDGER_TRY(const std::string cwe, Text(*cat, "cwe"));
      FLEDGER_TRY(const std::string description, Text(*cat, "description"));
      FLEDGER_TRY(const std::string mitigation, Text(*cat, "mitigation"));
      const YNode* risks = cat->Get("risks_identified");
      if (risks == nullptr || !risks->IsMap()) continue;
      std::vector<const YNode::Member*> sorted;
      for (const auto& r : risks->members) sorted.push_back(&r);
      std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
      for (const auto* risk : sorted) {
        const YNode& r = risk->second;
        if (!r.IsMap()) return Bad(r, "an identified risk must be a mapping");
        Threat t;
        t.title = PlainText(risk->first, 200);
        t.id = ids_.Make("t-" + cat_id + "-" + t.title, "t");
        if (t.title.empty()) t.title = t.id.str();  // a title of tags only
        t.line = r.line;
        t.category = stride;
        FLEDGER_TRY(t.likelihood, Mapped(r, "exploitation_likelihood", kLikelihood, "medium"));
        FLEDGER_TRY(t.impact, Mapped(r, "exploitation_impact", kImpact, "medium"));
        if (const std::string c = import_internal::CweId(cwe); !c.empty() && c != "CWE-0") {
          t.cwe.push_back(c);
        }
        t.description = PlainText(description + (mitigation.empty() ? "" : " Mitigation: " + mitigation));
        // The synthetic id Threagile tracks the risk by, and the elements it is about.
        std::string synthetic = ToLower(cat_id);
        auto ref = [&](const char* key, const std::map<std::string, ElementId>& ids,
                       bool lower) -> Status {
          FLEDGER_TRY(const std::string v, Text(r, key));
          if (v.empty()) return {};
          synthetic += "@" + ToLower(v);
          const auto it = ids.find(lower ? ToLower(v) : v);
          if (it == ids.end()) return Bad(*r.Get(key), std::string("'") + key + "' names no such element '" + EscapeTerminal(Truncate(v, 60)) + "'");
          t.elements.push_back(it->second);
          return {};
        };
        FLEDGER_RETURN_IF_ERROR(ref("most_relevant_technical_asset", asset_ids_, false));
        FLEDGER_RETURN_IF_ERROR(ref("most_relevant_communication_link", link_ids_, true));
        FLEDGER_RETURN_IF_ERROR(ref("most_relevant_trust_boundary", boundary_ids_, false));
        FLEDGER_TRY(const std::string runtime, Text(r, "most_relevant_shared_runtime"));
        if (!runtime.empty()) synthetic += "@" + ToLower(runtime);
        FLEDGER_RETURN_IF_ERROR(ref("most_relevant_data_asset", data_ids_, false));
        FLEDGER_TRY(const std::vector<std::string> breached, Texts(r, "data_breach_technical_assets"));
        for (const std::string& a : breached) {
          const auto it = asset_ids_.find(a);
          if (it == asset_ids_.end()) return Bad(r, "'data_breach_technical_assets' names no technical asset '" + EscapeTerminal(Truncate(a, 60)) + "'");
          t.elements.push_back(it->second);
        }
        if (Tracking* tr = Track(tracking, synthetic)) {
          tr->used = true;
          FLEDGER_TRY(t.status, Mapped(*tr->node, "status", kTrackingStatus, "open"));
        }
        out_.model.threats.push_back(std::move(t));
      }
    }
    // Tracking of risks Threagile's own rules find (fledger does not run them): what was
    // mitigated becomes a control named after the risk id; the rest is reported.
    for (const Tracking& tr : tracking) {
      if (tr.used) continue;
      FLEDGER_TRY(const std::string status, Text(*tr.node, "status"));
      const std::string s = ToLower(status);
      if (s != "mitigated" && s != "in-progress") {
        Note(out_.notes, "risk_tracking '" + tr.key + "' (" + s +
                             "): not imported (it tracks a risk of Threagile's rules)");
        continue;
      }
      Control c;
      c.id = ids_.Make("c-" + tr.key, "c");
      c.line = tr.node->line;
      c.name = PlainText(tr.key, 200);
      if (c.name.empty()) c.name = c.id.str();  // a title of tags only
      c.status = s == "mitigated" ? "active" : "planned";
      c.mitigates.push_back(PlainText(tr.key, 200));
      std::string text = "Threagile risk tracking: " + s;
      for (const char* key : {"justification", "ticket", "date", "checked_by"}) {
        FLEDGER_TRY(const std::string v, Text(*tr.node, key));
        if (!v.empty()) text += std::string("; ") + key + ": " + v;
      }
      c.description = PlainText(text);
      out_.model.controls.push_back(std::move(c));
    }
    return {};
  }

  const YNode& root_;
  ImportResult out_;
  IdMaker ids_;
  std::vector<Entry> data_, boundaries_, assets_;
  std::map<std::string, ElementId> data_ids_, boundary_ids_, asset_ids_, link_ids_;
  std::map<std::string, int> depth_;                         // boundary source id -> depth
  std::map<std::string, std::vector<std::string>> inside_;  // asset -> boundaries listing it
};

}  // namespace

Result<ImportResult> ImportThreagile(std::string_view text, const std::string& context,
                                     IncludeReader& includes) {
  FLEDGER_TRY(const YNode root, import_internal::LoadThreagileTree(text, context, includes));
  return Importer(root).Run();
}

}  // namespace fledger::model
