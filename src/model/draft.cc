// DraftModel: compose services and Kubernetes workloads become components (in a network and a
// cluster boundary), depends_on, connection strings and *_HOST variables become flows, data-store
// images get a data asset, RBAC bindings a permissions model, CI workflows a component of their
// own; every unknown becomes a question. WriteModelYaml prints it in a fixed order.
#include "model/draft.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/text.h"
#include "core/yaml_input.h"
#include "model/draft_internal.h"
#include "model/load.h"

namespace fledger::model {
namespace {

using namespace draft_internal;  // NOLINT: the drafter's own helpers


// What the drafter learns about one compose service (or lone Dockerfile) before the flows.
struct K8sService {
  std::string name, type;
  std::map<std::string, std::string> selector;
};

struct K8sWorkload {
  std::string key;  // in the drafter's services map
  size_t component = 0;
  std::map<std::string, std::string> labels;
  std::string service_account;
};

struct ServiceInfo {
  size_t component = static_cast<size_t>(-1);
  bool kubernetes = false;  // a workload (in the cluster boundary)
  std::string build_dir;
  std::string protocol;
  std::optional<ElementId> data;
  std::vector<std::pair<std::string, std::string>> depends;  // service, file:line
  std::vector<std::pair<Connection, std::string>> connections;  // connection, file
  std::vector<std::pair<Connection, std::string>> hosts;  // *_HOST variables: host only
};

class Drafter {
 public:
  // The ids Finish gives its own elements are taken from the start, so that no service can
  // claim them.
  explicit Drafter(Model& m)
      : m_(m), ids_{"host", "app-network", "cluster", "ci-platform", "internet-user"} {}

  void Compose(const SourceFile& f) {
    auto doc = ParseYamlText(f.text, f.path.str());
    if (!doc.ok() || !doc.value().IsMap()) return;
    const YAML::Node services = doc.value()["services"];
    if (!services || !services.IsMap()) return;
    const std::string dir(DirName(f.path.str()));
    for (auto it = services.begin(); it != services.end(); ++it) {
      if (!budget_.Visit() || !it->first.IsScalar() || !it->second.IsMap()) continue;
      // yaml-cpp throws when a document has an unexpected shape (a subscript of a scalar): that
      // service is left out of the draft, the others stay.
      try {
        Service(f, dir, it->first.Scalar(), YamlLine(it->first), it->second);
      } catch (const std::exception&) {
      }
    }
  }

  // Kubernetes manifests: workloads become components; Services, Ingresses and LoadBalancers
  // give their exposure; RBAC bindings of their service accounts are their permissions model.
  void Kubernetes(const SourceFile& f) {
    if (f.text.find("apiVersion") == std::string::npos || f.text.find("kind") == std::string::npos) {
      return;
    }
    auto docs = ParseYamlDocuments(f.text, f.path.str());
    if (!docs.ok()) return;
    for (const YamlDocument& d : docs.value()) {
      if (!budget_.Visit() || !d.node.IsMap()) continue;
      line_offset_ = d.first_line - 1;
      try {
        KubernetesDocument(f, d.node);
      } catch (const std::exception&) {
        // An unexpected shape (yaml-cpp throws on a subscript of a scalar): document skipped.
      }
    }
  }

  void KubernetesDocument(const SourceFile& f, const YAML::Node& doc) {
    {
      const std::string kind = Scalar(doc["kind"]);
      const std::string name = Scalar(doc["metadata"] ? doc["metadata"]["name"] : YAML::Node());
      if (kind.empty() || name.empty()) return;
      const YAML::Node spec = doc["spec"];
      if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
          kind == "ReplicaSet" || kind == "Job" || kind == "CronJob" || kind == "Pod") {
        YAML::Node pod = kind == "Pod" ? doc : spec ? spec["template"] : YAML::Node();
        if (kind == "CronJob" && spec && spec["jobTemplate"] && spec["jobTemplate"]["spec"]) {
          pod = spec["jobTemplate"]["spec"]["template"];
        }
        if (!pod || !pod.IsMap()) return;
        Workload(f, name, YamlLine(doc) + line_offset_, pod);
      } else if (kind == "Service" && spec && spec.IsMap()) {
        K8sService svc;
        svc.name = name;
        svc.type = Scalar(spec["type"]);
        if (const YAML::Node sel = spec["selector"]; sel && sel.IsMap()) {
          for (auto it = sel.begin(); it != sel.end(); ++it) {
            if (budget_.Visit()) svc.selector[Scalar(it->first)] = Scalar(it->second);
          }
        }
        k8s_services_.push_back(std::move(svc));
      } else if (kind == "Ingress" && spec && spec.IsMap()) {
        CollectIngressBackends(spec);
      } else if ((kind == "RoleBinding" || kind == "ClusterRoleBinding") && doc["roleRef"]) {
        const std::string role = Scalar(doc["roleRef"]["name"]);
        if (const YAML::Node subjects = doc["subjects"]; subjects && subjects.IsSequence()) {
          for (const auto& s : subjects) {
            if (budget_.Visit() && s.IsMap() && Scalar(s["kind"]) == "ServiceAccount") {
              bindings_[Scalar(s["name"])].push_back(role);
            }
          }
        }
      } else if (kind == "Role" || kind == "ClusterRole") {
        std::string rules;
        if (const YAML::Node r = doc["rules"]; r && r.IsSequence()) {
          for (const auto& rule : r) {
            if (!budget_.Visit() || !rule.IsMap()) continue;
            std::string verbs, resources;
            for (const auto& v : ScalarsOrKeys(rule["verbs"])) verbs += (verbs.empty() ? "" : ",") + v;
            for (const auto& v : ScalarsOrKeys(rule["resources"])) {
              resources += (resources.empty() ? "" : ",") + v;
            }
            rules += (rules.empty() ? "" : "; ") + verbs + " on " + resources;
          }
        }
        roles_[name] = rules;
      }
    }
  }

  void Dockerfile(const SourceFile& f) {
    dockerfiles_[std::string(DirName(f.path.str()))] = ReadDockerfile(f.path.str(), f.text);
  }

  void Ci(const SourceFile& f, const std::string& system) {
    ci_files_.push_back({f.path.str(), system});
  }

  void Connections(const SourceFile& f) { sources_.push_back(&f); }
  void Libraries(const SourceFile& f) { library_files_.push_back(&f); }

  void Finish(const std::string& name) {
    m_.name = name;
    m_.description = "Drafted by `fledger model init` from the repository; review every element, "
                     "answer the questions, then keep it up to date with the code.";
    AttachDockerfiles();
    ResolveKubernetes();
    SourceConnections();
    bool compose = false, cluster = false;
    for (const auto& [key, info] : services_) {
      if (info.component == static_cast<size_t>(-1)) continue;
      (info.kubernetes ? cluster : compose) = true;
      m_.components[info.component].boundary = Id(info.kubernetes ? "cluster" : "app-network");
    }
    if (compose) {
      m_.boundaries.push_back({.id = Id("host"), .name = "Container host", .kind = "host"});
      m_.boundaries.push_back({.id = Id("app-network"),
                               .name = "Application network",
                               .kind = "network",
                               .parent = Id("host")});
    }
    if (cluster) {
      m_.boundaries.push_back({.id = Id("cluster"), .name = "Kubernetes cluster", .kind = "network"});
    }
    if (std::any_of(m_.components.begin(), m_.components.end(),
                    [](const Component& c) { return c.exposure == "internet"; })) {
      m_.actors.push_back({.id = Id("internet-user"),
                           .name = "Anyone on the internet",
                           .kind = "user",
                           .description = "Reaches every component published on the host's "
                                          "public interfaces."});
    }
    ApplyLibraries();
    CiComponent();
    Questions();
  }

 private:
  // The data asset of a data store: what it holds is a question for the user.
  void AddStoreData(Component& c, ServiceInfo& info, const std::string& name) {
    DataAsset d;
    d.id = Id(Unique(c.id.str() + "-data"));
    d.name = "Data in " + name;
    d.quantity = "many";
    d.description = "What " + name + " stores is not known from the repository: see the "
                    "questions.";
    c.data.push_back(d.id);
    info.data = d.id;
    m_.data.push_back(std::move(d));
  }

  static std::string Join(std::string_view dir, std::string_view rel) {
    std::string path = dir.empty() ? std::string(rel) : std::string(dir) + "/" + std::string(rel);
    // "./web" and "web/" name the same folder.
    std::string out;
    for (size_t start = 0; start <= path.size();) {
      size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      const std::string_view seg(path.data() + start, end - start);
      if (!seg.empty() && seg != ".") out += (out.empty() ? "" : "/") + std::string(seg);
      start = end + 1;
    }
    return out;
  }

  std::string Scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : ""; }

  std::vector<std::string> ScalarsOrKeys(const YAML::Node& n) {
    std::vector<std::string> out;
    if (!n) return out;
    if (n.IsSequence()) {
      for (const auto& item : n) {
        if (budget_.Visit() && item.IsScalar()) out.push_back(item.Scalar());
      }
    } else if (n.IsMap()) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (budget_.Visit() && it->first.IsScalar()) out.push_back(it->first.Scalar());
      }
    }
    return out;
  }

  // "0.0.0.0:5432:5432" -> "0.0.0.0"; "3000:3000" -> ""; "8080" -> "" (a random host port).
  static std::string HostIp(std::string_view port) {
    const size_t first = port.find(':');
    const size_t last = port.rfind(':');
    if (first == std::string_view::npos || first == last) return {};
    if (port.front() == '[') return std::string(port.substr(1, port.find(']') - 1));
    return std::string(port.substr(0, first));
  }

  void Service(const SourceFile& f, const std::string& dir, const std::string& name, int line,
               const YAML::Node& s) {
    ServiceInfo& info = services_[name];
    if (info.component != static_cast<size_t>(-1)) return;  // defined by an earlier file
    Component c;
    c.id = Id(Unique(IdFrom(name, "svc-")));
    c.name = name.empty() ? c.id.str() : name;
    c.provenance = {f.path.str() + ":" + std::to_string(line), "high"};
    const std::string image = Scalar(s["image"]);
    std::string context;
    if (const YAML::Node b = s["build"]; b) {
      context = b.IsScalar() ? b.Scalar() : Scalar(b["context"]);
    }
    if (!context.empty()) {
      const std::string path = Join(dir, context);
      if (!path.empty() && path.find("..") == std::string::npos) {
        c.paths.push_back(path + "/");
        info.build_dir = path;
      }
    }
    if (c.paths.empty()) c.paths.push_back(f.path.str());  // its definition is all it owns here
    if (const StoreKind* store = StoreOf(image); store != nullptr) {
      c.kind = "data-store";
      info.protocol = std::string(store->protocol);
      AddStoreData(c, info, name);
    }
    c.technology = !image.empty() ? image : context.empty() ? "" : "built from " + context;
    // Exposure: a port published on a public interface reaches the internet (if the host's
    // firewall lets it); loopback only is internal; unpublished ports stay on the network.
    c.exposure = "internal";
    std::vector<std::string> published;
    if (const YAML::Node ports = s["ports"]; ports && ports.IsSequence()) {
      for (const auto& p : ports) {
        if (!budget_.Visit()) break;
        std::string ip;
        std::string text;
        if (p.IsScalar()) {
          text = p.Scalar();
          ip = HostIp(text);
        } else if (p.IsMap()) {
          ip = Scalar(p["host_ip"]);
          text = Scalar(p["published"]) + ":" + Scalar(p["target"]);
        }
        published.push_back(text);
        if (ip != "127.0.0.1" && ip != "localhost" && ip != "::1") c.exposure = "internet";
      }
    }
    std::vector<std::string> notes;
    if (!published.empty()) {
      std::string list;
      for (const auto& p : published) list += (list.empty() ? "" : ", ") + p;
      notes.push_back("publishes " + list);
    }
    if (Scalar(s["privileged"]) == "true") notes.push_back("runs privileged");
    for (const auto& v : ScalarsOrKeys(s["volumes"])) {
      if (v.find("docker.sock") != std::string::npos) {
        notes.push_back("mounts the Docker socket (controls the host)");
      }
    }
    for (const auto& secret : ScalarsOrKeys(s["secrets"])) {
      DataAsset d;
      d.id = Id(Unique("secret-" + IdFrom(secret, "s-")));
      d.name = "Secret " + secret;
      d.classification = "secret";
      d.confidentiality = "high";
      d.credentials = true;
      c.data.push_back(d.id);
      m_.data.push_back(std::move(d));
    }
    if (!notes.empty()) {
      for (const auto& n : notes) c.description += (c.description.empty() ? "" : "; ") + n;
      c.description += ".";
    }
    for (const auto& dep : ScalarsOrKeys(s["depends_on"])) {
      info.depends.push_back({dep, f.path.str() + ":" + std::to_string(YamlLine(s["depends_on"]))});
    }
    // Connection strings in the environment name the services this one talks to.
    std::vector<std::pair<std::string, int>> values;
    if (const YAML::Node env = s["environment"]; env) {
      if (env.IsMap()) {
        for (auto it = env.begin(); it != env.end(); ++it) {
          if (budget_.Visit() && it->second.IsScalar()) {
            values.emplace_back(it->second.Scalar(), YamlLine(it->second));
          }
        }
      } else if (env.IsSequence()) {
        for (const auto& item : env) {
          if (budget_.Visit() && item.IsScalar()) values.emplace_back(item.Scalar(), YamlLine(item));
        }
      }
    }
    for (const auto& [value, value_line] : values) {
      for (Connection conn : FindConnections(value)) {
        conn.line = value_line;
        info.connections.push_back({conn, f.path.str()});
      }
    }
    info.component = m_.components.size();
    m_.components.push_back(std::move(c));
  }

  void CollectIngressBackends(const YAML::Node& spec) {
    auto backend = [&](const YAML::Node& b) {
      if (!b || !b.IsMap()) return;
      if (b["service"] && b["service"].IsMap()) ingress_backends_.insert(Scalar(b["service"]["name"]));
      if (b["serviceName"]) ingress_backends_.insert(Scalar(b["serviceName"]));
    };
    backend(spec["defaultBackend"]);
    backend(spec["backend"]);
    if (const YAML::Node rules = spec["rules"]; rules && rules.IsSequence()) {
      for (const auto& rule : rules) {
        if (!budget_.Visit() || !rule.IsMap() || !rule["http"] || !rule["http"]["paths"]) continue;
        const YAML::Node paths = rule["http"]["paths"];
        if (!paths.IsSequence()) continue;
        for (const auto& p : paths) {
          if (budget_.Visit() && p.IsMap()) backend(p["backend"]);
        }
      }
    }
  }

  void Workload(const SourceFile& f, const std::string& name, int line, const YAML::Node& pod) {
    const std::string key = "\x02" + name;
    ServiceInfo& info = services_[key];
    if (info.component != static_cast<size_t>(-1)) return;
    Component c;
    c.id = Id(Unique(IdFrom(name, "w-")));
    c.name = name;
    c.paths.push_back(f.path.str());
    c.exposure = "internal";
    c.provenance = {f.path.str() + ":" + std::to_string(line), "high"};
    K8sWorkload w;
    w.key = key;
    if (const YAML::Node md = pod["metadata"]; md && md.IsMap() && md["labels"] &&
                                               md["labels"].IsMap()) {
      for (auto it = md["labels"].begin(); it != md["labels"].end(); ++it) {
        if (budget_.Visit()) w.labels[Scalar(it->first)] = Scalar(it->second);
      }
    }
    const YAML::Node ps = pod["spec"];
    std::vector<std::string> notes;
    if (ps && ps.IsMap()) {
      w.service_account = Scalar(ps["serviceAccountName"]);
      if (Scalar(ps["hostNetwork"]) == "true") notes.push_back("uses the host network");
      if (const YAML::Node containers = ps["containers"]; containers && containers.IsSequence()) {
        for (const auto& ct : containers) {
          if (!budget_.Visit() || !ct.IsMap()) continue;
          const std::string image = Scalar(ct["image"]);
          if (c.technology.empty()) c.technology = image;
          if (const StoreKind* store = StoreOf(image); store != nullptr && c.kind != "data-store") {
            c.kind = "data-store";
            info.protocol = std::string(store->protocol);
          }
          if (ct["securityContext"] && Scalar(ct["securityContext"]["privileged"]) == "true") {
            notes.push_back("runs privileged");
          }
          if (const YAML::Node env = ct["env"]; env && env.IsSequence()) {
            for (const auto& e : env) {
              if (!budget_.Visit() || !e.IsMap()) continue;
              const std::string value = Scalar(e["value"]);
              for (Connection conn : FindConnections(value)) {
                conn.line = YamlLine(e) + line_offset_;
                info.connections.push_back({conn, f.path.str()});
              }
              // DB_HOST: postgres names a Service too.
              const std::string var = Scalar(e["name"]);
              if (var.ends_with("_HOST") || var.ends_with("_HOSTNAME") || var.ends_with("_ADDR")) {
                Connection conn;
                conn.host = value.substr(0, value.find(':'));
                conn.line = YamlLine(e) + line_offset_;
                info.hosts.push_back({conn, f.path.str()});
              }
            }
          }
        }
      }
    }
    if (c.kind == "data-store") {
      AddStoreData(c, info, name);
    }
    for (const auto& n : notes) c.description += (c.description.empty() ? "" : "; ") + n;
    if (!c.description.empty()) c.description += ".";
    info.component = m_.components.size();
    info.kubernetes = true;
    w.component = info.component;
    k8s_workloads_.push_back(std::move(w));
    m_.components.push_back(std::move(c));
  }

  // Services select workloads by labels: their names become hosts, their type the exposure.
  void ResolveKubernetes() {
    for (const K8sService& svc : k8s_services_) {
      if (svc.selector.empty()) continue;
      for (const K8sWorkload& w : k8s_workloads_) {
        const bool selected = std::all_of(svc.selector.begin(), svc.selector.end(), [&](const auto& kv) {
          const auto it = w.labels.find(kv.first);
          return it != w.labels.end() && it->second == kv.second;
        });
        if (!selected) continue;
        k8s_alias_[svc.name] = w.key;  // connections to the Service reach the workload
        Component& c = m_.components[w.component];
        if (svc.type == "LoadBalancer" || svc.type == "NodePort" ||
            ingress_backends_.count(svc.name)) {
          c.exposure = "internet";
          const std::string note = "Exposed by " +
                                   (ingress_backends_.count(svc.name) ? std::string("an Ingress")
                                                                      : svc.type) +
                                   " (Service " + svc.name + ").";
          if (c.description.find(note) == std::string::npos) {
            c.description += (c.description.empty() ? "" : " ") + note;
          }
        }
      }
    }
    for (const K8sWorkload& w : k8s_workloads_) {
      Component& c = m_.components[w.component];
      const std::string sa = w.service_account.empty() ? "default" : w.service_account;
      const auto b = bindings_.find(sa);
      if (b == bindings_.end()) continue;
      std::string text = "Kubernetes RBAC: ServiceAccount " + sa;
      for (const auto& role : b->second) {
        const auto r = roles_.find(role);
        text += "; " + role + (r != roles_.end() && !r->second.empty() ? " (" + r->second + ")" : "");
      }
      c.permissions = text;
    }
  }

  void AttachDockerfiles() {
    std::set<std::string> used;
    for (auto& [name, info] : services_) {
      const auto it = dockerfiles_.find(info.build_dir);
      if (info.build_dir.empty() || it == dockerfiles_.end()) continue;
      used.insert(it->first);
      Component& c = m_.components[info.component];
      DescribeDockerfile(c, it->second);
    }
    for (const auto& [dir, d] : dockerfiles_) {
      if (used.count(dir)) continue;
      // A workload or an image-only compose service named like the Dockerfile's folder (the
      // deepest telling segment: "src/cartservice/src" is cartservice) is built from it.
      if (ServiceInfo* built = BuiltFrom(dir)) {
        built->build_dir = dir;
        Component& c = m_.components[built->component];
        c.paths.push_back(dir + "/");
        // The image is built from this Dockerfile: its base says more about the technology.
        if (!d.from.empty() && c.technology != d.from) {
          c.description += (c.description.empty() ? "" : " ") + ("Image " + c.technology + ".");
          c.technology = d.from;
        }
        DescribeDockerfile(c, d);
        continue;
      }
      Component c;
      const std::string name = dir.empty() ? "app" : std::string(BaseName(dir));
      c.id = Id(Unique(IdFrom(name, "app-")));
      c.name = name;
      c.paths.push_back(dir.empty() ? d.path : dir + "/");
      c.provenance = {d.path + ":1", "medium"};
      c.exposure = "internal";
      DescribeDockerfile(c, d);
      ServiceInfo& info = services_["\x01" + dir];
      info.component = m_.components.size();
      info.build_dir = dir;  // its code: connection strings and libraries
      m_.components.push_back(std::move(c));
    }
  }

  // The one service without a build folder that the Dockerfile folder `dir` names, or nullptr.
  ServiceInfo* BuiltFrom(const std::string& dir) {
    static constexpr std::string_view kGeneric[] = {"src", "app", "docker", "build", "deploy",
                                                    "cmd", "server", "service", "services", "."};
    std::vector<std::string_view> segments;
    for (std::string_view rest = dir; !rest.empty();) {
      const size_t slash = rest.find('/');
      segments.push_back(rest.substr(0, slash));
      rest = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    }
    for (auto seg = segments.rbegin(); seg != segments.rend(); ++seg) {
      if (std::find(std::begin(kGeneric), std::end(kGeneric), *seg) != std::end(kGeneric)) continue;
      ServiceInfo* found = nullptr;
      int matches = 0;
      for (auto& [key, info] : services_) {
        if (!info.build_dir.empty() || info.component == static_cast<size_t>(-1)) continue;
        const Component& c = m_.components[info.component];
        if (c.kind != "process") continue;
        std::string_view image = c.technology;
        image = image.substr(0, image.find(':'));
        if (const size_t slash = image.rfind('/'); slash != std::string_view::npos) {
          image.remove_prefix(slash + 1);
        }
        if (c.name == *seg || image == *seg) {
          found = &info;
          ++matches;
        }
      }
      if (matches == 1) return found;
      if (matches > 1) return nullptr;  // ambiguous: keep the Dockerfile on its own
    }
    return nullptr;
  }

  // Flows: depends_on, and the connection strings of the environment and of the source files.
  // The service whose build folder holds `path` (the deepest), or nullptr.
  ServiceInfo* BuildOwner(const std::string& path) {
    ServiceInfo* owner = nullptr;
    size_t best = 0;
    for (auto& [name, info] : services_) {
      const std::string& d = info.build_dir;
      if (!d.empty() && path.rfind(d + "/", 0) == 0 && d.size() >= best) {
        owner = &info;
        best = d.size();
      }
    }
    return owner;
  }

  // Authentication and logging libraries in a component's build folder: its authentication
  // (when the library says which) and the facts its questions start from.
  void ApplyLibraries() {
    for (const SourceFile* f : library_files_) {
      ServiceInfo* owner = BuildOwner(f->path.str());
      if (owner == nullptr || owner->component == static_cast<size_t>(-1)) continue;
      for (LibraryUse& use : FindLibraries(f->path.str(), f->text)) {
        libraries_[owner->component].push_back(std::move(use));
      }
    }
    for (auto& [index, uses] : libraries_) {
      Component& c = m_.components[index];
      std::string auth, log;
      for (const LibraryUse& u : uses) {
        std::string& list = u.kind == "auth" ? auth : log;
        list += (list.empty() ? "" : ", ") + u.name + " (" + u.path + ":" + std::to_string(u.line) + ")";
        if (u.kind == "auth" && c.authentication == "unknown" && !u.authentication.empty()) {
          c.authentication = u.authentication;
        }
      }
      if (!auth.empty()) c.description += (c.description.empty() ? "" : " ") + ("Authentication: " + auth + ".");
      if (!log.empty()) c.description += (c.description.empty() ? "" : " ") + ("Logging: " + log + ".");
    }
  }

  // The libraries of kind `kind` a component uses, in words ("" when none).
  std::string LibrariesOf(const Component& c, std::string_view kind) const {
    for (const auto& [index, uses] : libraries_) {
      if (m_.components[index].id != c.id) continue;
      std::string out;
      for (const LibraryUse& u : uses) {
        if (u.kind != kind) continue;
        out += (out.empty() ? "" : ", ") + u.name + " (" + u.path + ":" + std::to_string(u.line) + ")";
      }
      return out;
    }
    return "";
  }

  void SourceConnections() {
    for (const SourceFile* f : sources_) {
      // The component whose build folder holds the file makes the connection.
      ServiceInfo* owner = BuildOwner(f->path.str());
      if (owner == nullptr) continue;
      for (const Connection& c : FindConnections(f->text)) {
        owner->connections.push_back({c, f->path.str()});
      }
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& [name, info] : services_) {
      if (info.component == static_cast<size_t>(-1)) continue;
      const Component& from = m_.components[info.component];
      for (const auto& [conn, file] : info.connections) {
        const ServiceInfo* target = Resolve(conn.host, info.kubernetes);
        if (target == nullptr) continue;
        AddFlow(from, *target, ProtocolOf(conn.scheme), conn.tls,
                conn.password ? "password" : "unknown", file + ":" + std::to_string(conn.line),
                "high", seen);
        if (conn.password) {
          Ask("q-" + from.id.str() + "-credential",
              "A password for " + conn.host + " is written in " + file + ":" +
                  std::to_string(conn.line) + ": where should it be kept, and how is it rotated?");
        }
      }
      for (const auto& [dep, where] : info.depends) {
        const ServiceInfo* target = Resolve(dep, info.kubernetes);
        if (target == nullptr) continue;
        AddFlow(from, *target, target->protocol, false, "unknown", where, "medium", seen);
      }
      for (const auto& [conn, file] : info.hosts) {
        const ServiceInfo* target = Resolve(conn.host, info.kubernetes);
        if (target == nullptr) continue;
        AddFlow(from, *target, target->protocol, false, "unknown",
                file + ":" + std::to_string(conn.line), "medium", seen);
      }
    }
  }

  // The service a host name reaches: a compose service, or the workload a Kubernetes Service
  // selects ("db", "db.prod.svc.cluster.local").
  // A workload resolves names among the cluster's Services, a compose service among the
  // compose file's services: the same name ("db") may be both, for two deployments of one app.
  const ServiceInfo* Resolve(const std::string& host, bool from_cluster) const {
    const std::string name = host.substr(0, host.find('.'));
    for (const std::string& key : {host, name}) {
      auto it = services_.end();
      if (from_cluster) {
        const auto alias = k8s_alias_.find(key);
        if (alias != k8s_alias_.end()) it = services_.find(alias->second);
      } else {
        it = services_.find(key);
        if (it != services_.end() && it->second.kubernetes) it = services_.end();
      }
      if (it != services_.end() && it->second.component != static_cast<size_t>(-1)) {
        return &it->second;
      }
    }
    return nullptr;
  }

  void AddFlow(const Component& from, const ServiceInfo& to, const std::string& protocol,
               bool tls, const std::string& authentication, const std::string& where,
               const std::string& confidence, std::set<std::pair<std::string, std::string>>& seen) {
    const Component& target = m_.components[to.component];
    if (from.id == target.id || !seen.insert({from.id.str(), target.id.str()}).second) return;
    Flow f;
    f.id = Id(Unique(from.id.str() + "-to-" + target.id.str()));
    f.source = from.id;
    f.target = target.id;
    f.protocol = protocol;
    f.encrypted = tls;
    f.authentication = authentication;
    if (to.data) f.data.push_back(*to.data);
    f.provenance = {where, confidence};
    m_.flows.push_back(std::move(f));
  }

  void CiComponent() {
    if (ci_files_.empty()) return;
    std::sort(ci_files_.begin(), ci_files_.end());
    Component c;
    c.id = Id(Unique("ci"));
    c.name = "Build pipeline (" + ci_files_.front().second + ")";
    c.technology = ci_files_.front().second;
    const std::string& first = ci_files_.front().first;
    c.paths.push_back(first.rfind(".github/workflows/", 0) == 0 ? ".github/workflows/" : first);
    c.exposure = "private";
    c.boundary = Id("ci-platform");
    c.description = "Builds, tests and publishes the code: whoever controls it controls what ships.";
    c.provenance = {first + ":1", "high"};
    m_.boundaries.push_back({.id = Id("ci-platform"),
                             .name = "CI platform (" + ci_files_.front().second + ")",
                             .kind = "cloud-account"});
    Ask("q-ci-secrets", "Which secrets can the build pipeline read, and who may change its "
                        "workflows?");
    m_.components.push_back(std::move(c));
  }

  void Questions() {
    for (const Component& c : m_.components) {
      if (c.id.str() == "ci") continue;
      if (c.kind == "data-store") {
        Ask("q-" + c.id.str() + "-data",
            "What does " + c.name + " store, how sensitive is it (classification), and how much?");
      }
      const std::string auth = LibrariesOf(c, "auth");
      const std::string log = LibrariesOf(c, "log");
      Ask("q-" + c.id.str() + "-auth",
          auth.empty() ? "How does " + c.name + " authenticate its callers?"
                       : c.name + " uses " + auth +
                             ": which of its entry points require authentication, and who "
                             "issues the credentials?");
      if (c.kind == "data-store") {
        Ask("q-" + c.id.str() + "-log", "Does " + c.name + " keep an audit log of who did what?");
      } else {
        Ask("q-" + c.id.str() + "-log",
            log.empty() ? "Does " + c.name +
                              " keep an audit log of who did what? No logging library was "
                              "found in its code."
                        : c.name + " logs with " + log +
                              ": does it record security-relevant actions (who did what, when) "
                              "where they cannot be changed?");
      }
    }
  }

  void Ask(const std::string& id, const std::string& text) {
    const std::string unique = Unique(IdFrom(id, "q-"));
    m_.questions.push_back({.id = Id(unique), .text = text});
  }

  std::string Unique(std::string id) {
    if (id.size() > 60) id.resize(60);
    std::string candidate = id;
    for (int n = 2; !ids_.insert(candidate).second; ++n) candidate = id + "-" + std::to_string(n);
    return candidate;
  }

  Model& m_;
  YamlNodeBudget budget_;
  std::set<std::string> ids_;
  int line_offset_ = 0;  // the current Kubernetes document's first line - 1
  std::map<std::string, ServiceInfo> services_;
  std::map<std::string, DockerfileInfo> dockerfiles_;
  std::vector<std::pair<std::string, std::string>> ci_files_;  // path, system
  std::vector<const SourceFile*> sources_;
  std::vector<const SourceFile*> library_files_;       // manifests and source files
  std::map<size_t, std::vector<LibraryUse>> libraries_;  // component index -> libraries
  std::vector<K8sService> k8s_services_;
  std::vector<K8sWorkload> k8s_workloads_;
  std::set<std::string> ingress_backends_;
  std::map<std::string, std::vector<std::string>> bindings_;  // service account -> roles
  std::map<std::string, std::string> roles_;                  // role -> its rules in words
  std::map<std::string, std::string> k8s_alias_;  // Service name -> the workload it selects
};

}  // namespace

bool DraftReads(const RepoPath& path) {
  const std::string& p = path.str();
  return IsComposeFile(p) || IsDockerfile(p) || !CiSystem(p).empty() ||
         MayHoldConnectionStrings(p) || IsManifest(p);
}

Model DraftModel(std::vector<SourceFile> files, const std::string& name) {
  std::sort(files.begin(), files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  Model m;
  Drafter d(m);
  for (const SourceFile& f : files) {
    const std::string& p = f.path.str();
    if (IsComposeFile(p)) d.Compose(f);
  }
  for (const SourceFile& f : files) {
    const std::string& p = f.path.str();
    if (IsDockerfile(p)) d.Dockerfile(f);
    if (const std::string ci = CiSystem(p); !ci.empty()) d.Ci(f, ci);
    if (!IsComposeFile(p) && MayHoldConnectionStrings(p)) d.Connections(f);
    if (IsManifest(p) || MayHoldConnectionStrings(p)) d.Libraries(f);
    if (!IsComposeFile(p) && CiSystem(p).empty() && (p.ends_with(".yml") || p.ends_with(".yaml"))) {
      d.Kubernetes(f);
    }
  }
  d.Finish(name);
  return m;
}

}  // namespace fledger::model
