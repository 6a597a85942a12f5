// OWASP Threat Dragon JSON (v2: cells with `shape` and `data`; v1: jointjs `diagramJson` cells with
// `type`) as a fledger Model: actors -> actors, processes -> process components, stores -> data-store
// components, flows -> flows (a bidirectional one -> two), trust boundary boxes -> boundaries
// (membership and nesting by geometry: an element sits in the smallest box holding its centre),
// threats on cells -> threats, and their mitigation texts -> planned (or, once mitigated, active)
// controls. Boundary curves (lines) hold no elements and are left out.
#include <algorithm>

#include "core/input.h"
#include "core/text.h"
#include "model/import/import_internal.h"

namespace fledger::model {
namespace {

using import_internal::Array;
using import_internal::Bool;
using import_internal::IdMaker;
using import_internal::Note;
using import_internal::Object;
using import_internal::PlainText;
using import_internal::Str;
using nlohmann::json;

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  bool Holds(double px, double py) const { return px >= x && px <= x + w && py >= y && py <= y + h; }
  bool HoldsBox(const Box& b) const {
    return b.x >= x && b.y >= y && b.x + b.w <= x + w && b.y + b.h <= y + h &&
           b.w * b.h < w * h;
  }
};

double Num(const json* obj, const char* key) {
  if (obj == nullptr) return 0;
  const auto it = obj->find(key);
  return it != obj->end() && it->is_number() ? it->get<double>() : 0;
}

Box Geometry(const json& cell) {
  const json* pos = Object(cell, "position");
  const json* size = Object(cell, "size");
  return {Num(pos, "x"), Num(pos, "y"), Num(size, "width"), Num(size, "height")};
}

// The cell's kind: "actor", "process", "store", "flow", "box", "curve", or "" for text and others.
std::string Kind(const json& cell) {
  const json* data = Object(cell, "data");
  std::string type = data != nullptr ? Str(*data, "type") : "";
  if (type.empty()) type = Str(cell, "type");  // v1
  const std::string shape = Str(cell, "shape");
  if (type == "tm.Actor" || shape == "actor") return "actor";
  if (type == "tm.Process" || shape == "process") return "process";
  if (type == "tm.Store" || shape == "store") return "store";
  if (type == "tm.Flow" || shape == "flow") return "flow";
  if (type == "tm.BoundaryBox" || shape == "trust-boundary-box") return "box";
  if (type == "tm.Boundary" || shape == "trust-boundary-curve") return "curve";
  return "";
}

std::string Name(const json& cell) {
  if (const json* data = Object(cell, "data"); data != nullptr && !Str(*data, "name").empty()) {
    return Str(*data, "name");
  }
  if (!Str(cell, "name").empty()) return Str(cell, "name");
  if (const json* attrs = Object(cell, "attrs")) {
    for (const char* k : {"text", "label"}) {
      if (const json* t = Object(*attrs, k); t != nullptr && !Str(*t, "text").empty()) {
        return Str(*t, "text");
      }
    }
  }
  if (const json* labels = Array(cell, "labels"); labels != nullptr && !labels->empty()) {
    if (const json* attrs = Object((*labels)[0], "attrs")) {
      if (const json* t = Object(*attrs, "text")) return Str(*t, "text");
      if (const json* t = Object(*attrs, "labelText")) return Str(*t, "text");
    }
  }
  return "";
}

// The element facts of a cell: v2 keeps them in `data`, v1 on the cell itself.
const json& Facts(const json& cell) {
  const json* data = Object(cell, "data");
  return data != nullptr ? *data : cell;
}

std::string Endpoint(const json& cell, const char* key) {
  const json* end = Object(cell, key);
  if (end == nullptr) return "";
  return !Str(*end, "cell").empty() ? Str(*end, "cell") : Str(*end, "id");
}

std::string Status(const std::string& s) {
  const std::string v = ToLower(s);
  if (v == "mitigated" || v == "avoided" || v == "eliminated") return "mitigated";
  if (v == "accepted" || v == "transferred") return "accepted";
  if (v == "notapplicable" || v == "not applicable" || v == "na") return "false-positive";
  return "open";
}

std::string Impact(const std::string& s) {
  const std::string v = ToLower(s);
  if (v == "critical") return "critical";
  if (v == "high") return "high";
  if (v == "low" || v == "tbd") return "low";
  return "medium";
}

struct Cell {
  const json* j;
  std::string kind;
  std::string name;
  Box box;
  std::optional<ElementId> id;
};

}  // namespace

Result<ImportResult> ImportThreatDragon(std::string_view text, const std::string& context) {
  FLEDGER_TRY(const json doc, ParseJsonText(text, context));
  const json* detail = Object(doc, "detail");
  const json* diagrams = detail != nullptr ? Array(*detail, "diagrams") : nullptr;
  if (diagrams == nullptr) {
    return InputError(ValidationStep::kSemantics, context,
                      "not a Threat Dragon model (no detail.diagrams)");
  }
  ImportResult out;
  Model& m = out.model;
  IdMaker ids;
  if (const json* summary = Object(doc, "summary")) {
    m.name = PlainText(Str(*summary, "title"), 200);
    m.description = PlainText(Str(*summary, "description"));
  }
  size_t count = 0;
  for (const json& diagram : *diagrams) {
    const json* cells = Array(diagram, "cells");
    if (cells == nullptr) {
      if (const json* dj = Object(diagram, "diagramJson")) cells = Array(*dj, "cells");  // v1
    }
    if (cells == nullptr) continue;
    count += cells->size();
    FLEDGER_RETURN_IF_ERROR(import_internal::CheckCount(count, context));
    std::vector<Cell> all;
    for (const json& c : *cells) {
      if (!c.is_object()) continue;
      // What a cell adds besides itself: a threat (and a control) per threat on it, and the way
      // back of a bidirectional flow. Counted before anything is made of them.
      const json* threats = Array(Facts(c), "threats");
      if (threats == nullptr) threats = Array(c, "threats");
      count += (threats != nullptr ? 2 * threats->size() : 0) + (Bool(Facts(c), "isBidirectional") ? 1 : 0);
      FLEDGER_RETURN_IF_ERROR(import_internal::CheckCount(count, context));
      Cell cell{&c, Kind(c), PlainText(Name(c), 200), Geometry(c), std::nullopt};
      if (cell.kind.empty()) continue;
      if (cell.kind == "curve") {
        Note(out.notes, "trust boundary curves: not imported (a line holds no elements)");
        continue;
      }
      all.push_back(std::move(cell));
    }
    // Ids in a stable order: by kind, then name, then the cell id.
    std::vector<Cell*> order;
    for (Cell& c : all) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(), [](const Cell* a, const Cell* b) {
      return std::tie(a->kind, a->name) < std::tie(b->kind, b->name) ||
             (std::tie(a->kind, a->name) == std::tie(b->kind, b->name) &&
              Str(*a->j, "id") < Str(*b->j, "id"));
    });
    std::map<std::string, Cell*> by_cell_id;
    for (Cell* c : order) {
      if (c->kind == "flow") continue;
      const char* prefix = c->kind == "box" ? "boundary" : c->kind.c_str();
      c->id = ids.Make(c->name.empty() ? c->kind : c->name, prefix);
      by_cell_id[Str(*c->j, "id")] = c;
    }
    // The smallest box holding a point or a box.
    auto innermost = [&](auto holds) -> std::optional<ElementId> {
      const Cell* best = nullptr;
      for (const Cell* b : order) {
        if (b->kind == "box" && holds(b->box) &&
            (best == nullptr || b->box.w * b->box.h < best->box.w * best->box.h)) {
          best = b;
        }
      }
      return best ? best->id : std::nullopt;
    };
    auto threats_of = [&](const json& cell, const ElementId& element) {
      const json* list = Array(Facts(cell), "threats");
      if (list == nullptr) list = Array(cell, "threats");
      if (list == nullptr) return;
      for (const json& t : *list) {
        Threat threat;
        threat.title = PlainText(Str(t, "title"), 200);
        if (threat.title.empty()) threat.title = "Threat to " + element.str();
        threat.id = ids.Make("t-" + threat.title, "t");
        threat.category = import_internal::StrideCategory(Str(t, "type"));
        if (threat.category.empty()) {
          threat.category = "information-disclosure";
          Note(out.notes, "threat type '" + PlainText(Str(t, "type"), 60) +
                              "' is not STRIDE: imported as information-disclosure");
        }
        threat.elements.push_back(element);
        threat.impact = Impact(Str(t, "severity"));
        threat.status = Status(Str(t, "status"));
        threat.description = PlainText(Str(t, "description"));
        const std::string mitigation = PlainText(Str(t, "mitigation"));
        if (!mitigation.empty()) {
          Control c;
          c.id = ids.Make("c-" + threat.title, "c");
          c.name = "Mitigation of: " + threat.title;
          c.status = threat.status == "mitigated" ? "active" : "planned";
          c.mitigates.push_back(threat.id.str());
          c.elements.push_back(element);
          c.description = mitigation;
          m.controls.push_back(std::move(c));
        }
        m.threats.push_back(std::move(threat));
      }
    };
    for (Cell* c : order) {
      const json& f = Facts(*c->j);
      std::string description = Str(f, "description");
      if (Bool(f, "outOfScope")) {
        description += " Out of scope" +
                       (Str(f, "reasonOutOfScope").empty() ? std::string(".")
                                                           : ": " + Str(f, "reasonOutOfScope"));
      }
      const std::string source = "threat-dragon:" + PlainText(Str(*c->j, "id"), 100);
      if (c->kind == "box") {
        Boundary b;
        b.id = *c->id;
        b.name = c->name.empty() ? b.id.str() : c->name;
        b.parent = innermost([&](const Box& outer) { return outer.HoldsBox(c->box); });
        b.description = PlainText(description);
        m.boundaries.push_back(std::move(b));
      } else if (c->kind == "actor") {
        Actor a;
        a.id = *c->id;
        a.name = c->name.empty() ? a.id.str() : c->name;
        if (Bool(f, "providesAuthentication")) description += " Provides authentication.";
        a.description = PlainText(description);
        a.provenance.source = source;
        threats_of(*c->j, a.id);
        m.actors.push_back(std::move(a));
      } else if (c->kind == "process" || c->kind == "store") {
        Component k;
        k.id = *c->id;
        k.name = c->name.empty() ? k.id.str() : c->name;
        k.kind = c->kind == "store" ? "data-store" : "process";
        if (Bool(f, "isWebApplication")) k.technology = "web application";
        if (!Str(f, "privilegeLevel").empty()) {
          k.permissions = "privilege level: " + PlainText(Str(f, "privilegeLevel"), 100);
        }
        if (Bool(f, "isALog")) {
          k.technology = "log";
          k.audit_log = true;
        }
        if (Bool(f, "storesCredentials")) description += " Stores credentials.";
        if (Bool(f, "isEncrypted")) description += " Encrypted.";
        if (Bool(f, "isSigned")) description += " Signed.";
        k.boundary = innermost([&](const Box& b) {
          return b.Holds(c->box.x + c->box.w / 2, c->box.y + c->box.h / 2);
        });
        k.description = PlainText(description);
        k.provenance.source = source;
        threats_of(*c->j, k.id);
        m.components.push_back(std::move(k));
      }
    }
    for (Cell* c : order) {
      if (c->kind != "flow") continue;
      const json& f = Facts(*c->j);
      const auto s = by_cell_id.find(Endpoint(*c->j, "source"));
      const auto t = by_cell_id.find(Endpoint(*c->j, "target"));
      auto endpoint_ok = [](const auto& it, const auto& end) {
        return it != end && (it->second->kind == "actor" || it->second->kind == "process" ||
                             it->second->kind == "store");
      };
      if (!endpoint_ok(s, by_cell_id.end()) || !endpoint_ok(t, by_cell_id.end())) {
        Note(out.notes, "flows that do not join two elements (" +
                            std::string("dangling or to a boundary): not imported"));
        continue;
      }
      Flow flow;
      flow.id = ids.Make(c->name.empty() ? s->second->id->str() + "-to-" + t->second->id->str()
                                         : c->name,
                         "flow");
      flow.source = *s->second->id;
      flow.target = *t->second->id;
      flow.protocol = PlainText(Str(f, "protocol"), 100);
      flow.encrypted = Bool(f, "isEncrypted");
      std::string description = c->name;
      if (!Str(f, "description").empty()) description += ": " + Str(f, "description");
      if (Bool(f, "isPublicNetwork")) description += " Over a public network.";
      flow.description = PlainText(description);
      flow.provenance.source = "threat-dragon:" + PlainText(Str(*c->j, "id"), 100);
      threats_of(*c->j, flow.id);
      if (Bool(f, "isBidirectional")) {
        Flow back = flow;
        back.id = ids.Make(flow.id.str() + "-back", "flow");
        std::swap(back.source, back.target);
        m.flows.push_back(std::move(back));
      }
      m.flows.push_back(std::move(flow));
    }
  }
  import_internal::SortModel(m);
  return out;
}

}  // namespace fledger::model
