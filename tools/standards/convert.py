#!/usr/bin/env python3
"""Regenerate Fledger's standards catalogs from the framework data corpus.

Usage:
    python3 tools/standards/convert.py /path/to/shared/corpus/frameworks standards/

Reads the machine-readable frameworks in the corpus (OpenSSF Best Practices badge criteria,
OWASP ASVS 5.0.0, OWASP SAMM 2.2.0, NIST SSDF 1.1, OpenSSF OSPS Baseline) and writes one
catalog per standard in Fledger's catalog format (the prototype's standardsSet JSON plus the
optional ids/levels/checks/mappings), and copies the licenses the sources ship into
OUT/licenses/. standards/ATTRIBUTION.md is maintained by hand.

This is a maintainer tool: the build does not run it. It needs python3 and PyYAML, works
offline and produces byte-identical output for identical input.
"""

import base64
import html
import json
import os
import re
import shutil
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the machine
    print("convert.py needs PyYAML: apt-get install python3-yaml (or pip install pyyaml)", file=sys.stderr)
    sys.exit(2)

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Fledger's built-in repository checks (src/assess/repo_checks); catalogs may only name these.
KNOWN_CHECKS = {
    "repo.readme", "repo.readme_build", "repo.interface_docs", "repo.license_file",
    "repo.license_floss", "repo.license_osi", "repo.contributing", "repo.contribution_requirements",
    "repo.code_of_conduct", "repo.governance", "repo.security_policy", "repo.security_private_channel",
    "repo.bug_reporting", "repo.vcs_git", "repo.tags", "repo.semver", "repo.changelog",
    "repo.build_system", "repo.build_common_tools", "repo.tests", "repo.test_invocation",
    "repo.test_policy", "repo.ci", "repo.ci_tests", "repo.warnings", "repo.warnings_strict",
    "repo.static_analysis", "repo.dynamic_analysis", "repo.dependency_updates", "repo.https_links",
    "repo.no_leaked_credentials", "repo.english", "repo.maintained", "repo.signed_releases",
    "repo.pinned_dependencies", "repo.sbom", "repo.branch_protection_hint",
}

MAX_TEXT_BYTES = 16384  # Fledger's per-field limit (kMaxCatalogTextBytes)


class ConversionError(Exception):
    pass


def warn(msg):
    print("convert.py: warning: " + msg, file=sys.stderr)


# ----------------------------------------------------------------------------------------------
# Text helpers
# ----------------------------------------------------------------------------------------------

_LINK_RE = re.compile(r"<a\s[^>]*?href\s*=\s*\"([^\"]*)\"[^>]*>(.*?)</a\s*>", re.S | re.I)
_AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_TAG_RE = re.compile(r"<[^>]*>")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_MD_EMPHASIS_RE = re.compile(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])")


def plain(value, links=False, markdown=False):
    """Plain text: HTML tags stripped, entities decoded, whitespace collapsed.

    links=True keeps absolute link targets as "text (url)". markdown=True also removes
    Markdown escapes and *emphasis* and rewrites [text](url) links.
    """
    if value is None:
        return ""
    s = str(value)
    if links:
        def repl(m):
            url, text = m.group(1).strip(), m.group(2)
            if url.startswith("http://") or url.startswith("https://"):
                inner = _TAG_RE.sub("", text).strip()
                return text if inner == url else "%s (%s)" % (text, url)
            return text
        s = _LINK_RE.sub(repl, s)
    s = _AUTOLINK_RE.sub(r"\1", s)
    if markdown:
        s = _MD_LINK_RE.sub((lambda m: "%s (%s)" % (m.group(1), m.group(2))) if links else r"\1", s)
        s = _MD_EMPHASIS_RE.sub(r"\1", s)
    # Tags become spaces where they separate words (list items, breaks), then entities.
    s = re.sub(r"<\s*(br|li|/li|p|/p|ul|/ul|ol|/ol)\b[^>]*>", " ", s, flags=re.I)
    s = _TAG_RE.sub("", s)
    s = html.unescape(s)
    if markdown:
        s = _MD_ESCAPE_RE.sub(r"\1", s)
    s = s.replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.;:])(?=\s|$)", r"\1", s)
    return s


def join_sentences(parts):
    out = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not re.search(r"[.!?:)\"']$", out[-1]):
            out[-1] += "."
        out.append(p)
    return " ".join(out)


def natural_key(s):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def title_case(name):
    """Title-cases a group name the way the prototype's OpenSSF.json did
    ("Basic project website content" -> "Basic Project Website Content")."""
    small = {"a", "an", "and", "or", "of", "the", "to", "for", "in", "on"}
    words = name.split(" ")
    out = []
    for i, w in enumerate(words):
        if i > 0 and w in small:
            out.append(w)
            continue
        parts = w.split("-")
        fixed = []
        for p in parts:
            if p and p[0].isalpha() and p[0].islower() and p == p.lower():
                p = p[0].upper() + p[1:]
            fixed.append(p)
        out.append("-".join(fixed))
    return " ".join(out)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=YAML_LOADER)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_attribution(folder):
    """(commit, date) of the first source row in a corpus folder's ATTRIBUTION.md."""
    path = os.path.join(folder, "ATTRIBUTION.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"\b([0-9a-f]{40})\b(?:\s*\((\d{4}-\d{2}-\d{2})\))?", text)
    if not m:
        raise ConversionError("no commit id in " + path)
    return m.group(1), m.group(2) or "", text


def omap_items(node):
    """Items of a YAML !!omap (a list of pairs) or of a plain mapping."""
    if isinstance(node, dict):
        return list(node.items())
    return list(node or [])


# ----------------------------------------------------------------------------------------------
# Catalog construction
# ----------------------------------------------------------------------------------------------

def criterion(cid, text, level, strength=None, checks=None, mappings=None, details=None, url=None):
    c = {"id": cid, "text": text, "level": level}
    if strength:
        c["strength"] = strength
    if checks:
        c["checks"] = list(checks)
    if mappings:
        clean = {}
        for k in sorted(mappings):
            ids = sorted(set(mappings[k]), key=natural_key)
            if ids:
                clean[k] = ids
        if clean:
            c["mappings"] = clean
    if details:
        c["details"] = details
    if url:
        c["url"] = url
    return c


def subcategory(name, criteria, description=None):
    s = {"name": name}
    if description:
        s["description"] = description
    s["numRequirements"] = str(len(criteria))
    s["requirements"] = [c["text"] for c in criteria]
    s["criteria"] = criteria
    return s


def category(name, subcategories, description=None):
    c = {"name": name}
    if description:
        c["description"] = description
    c["numSubCategories"] = str(len(subcategories))
    c["subcategories"] = subcategories
    return c


def catalog(header, levels, categories):
    cat = dict(header)
    cat["levels"] = levels
    cat["numCategories"] = str(len(categories))
    cat["categories"] = categories
    return cat


def filter_levels(cat, keep, header_updates):
    """A copy of `cat` with only the criteria whose level is in `keep`."""
    cats = []
    for c in cat["categories"]:
        subs = []
        for s in c["subcategories"]:
            crit = [k for k in s["criteria"] if k["level"] in keep]
            if crit:
                subs.append(subcategory(s["name"], crit, s.get("description")))
        if subs:
            cats.append(category(c["name"], subs, c.get("description")))
    header = {k: v for k, v in cat.items() if k not in ("levels", "numCategories", "categories")}
    header.update(header_updates)
    return catalog(header, cat["levels"], cats)


def validate(name, cat):
    """Checks what Fledger's loader checks, plus the rules for generated files."""
    errors = []
    if not cat.get("standardsSet"):
        errors.append("missing standardsSet")
    levels = cat["levels"]
    for i, lv in enumerate(levels):
        if lv["id"] != i + 1:
            errors.append("level ids must be 1..N")
    ids = set()
    if cat["numCategories"] != str(len(cat["categories"])):
        errors.append("numCategories is wrong")
    for c in cat["categories"]:
        if c["numSubCategories"] != str(len(c["subcategories"])):
            errors.append("numSubCategories is wrong in " + c["name"])
        for s in c["subcategories"]:
            reqs, crit = s["requirements"], s["criteria"]
            if len(reqs) != len(crit) or s["numRequirements"] != str(len(reqs)):
                errors.append("requirements/criteria mismatch in " + s["name"])
            for r, k in zip(reqs, crit):
                if not r.strip():
                    errors.append("empty requirement in " + s["name"])
                if r != k["text"]:
                    errors.append("text differs from requirement: " + k["id"])
                if not re.fullmatch(r"[A-Za-z0-9._:/-]{1,128}", k["id"]):
                    errors.append("invalid id " + k["id"])
                if k["id"] in ids:
                    errors.append("duplicate id " + k["id"])
                ids.add(k["id"])
                if not 1 <= k["level"] <= len(levels):
                    errors.append("level out of range: " + k["id"])
                for chk in k.get("checks", []):
                    if chk not in KNOWN_CHECKS:
                        errors.append("unknown check %s in %s" % (chk, k["id"]))
                for field in ("text", "details", "url"):
                    if len(k.get(field, "").encode("utf-8")) > MAX_TEXT_BYTES:
                        errors.append("%s of %s is too long" % (field, k["id"]))
    if errors:
        raise ConversionError(name + ": " + "; ".join(errors[:10]))


# ----------------------------------------------------------------------------------------------
# OpenSSF Best Practices badge
# ----------------------------------------------------------------------------------------------

BADGE_LEVELS = [("0", 1, "Passing"), ("1", 2, "Silver"), ("2", 3, "Gold")]

BADGE_LEVEL_INFO = [
    {"id": 1, "name": "Passing",
     "description": "The passing badge: basic practices every FLOSS project should follow "
                    "(criteria level 0 of the OpenSSF Best Practices badge)."},
    {"id": 2, "name": "Silver",
     "description": "The silver badge: passing plus stricter practices for governance, "
                    "documentation, quality and secure release (criteria level 1)."},
    {"id": 3, "name": "Gold",
     "description": "The gold badge: silver plus the most demanding practices, such as two-person "
                    "review, reproducible builds, coverage goals and a security review (criteria level 2)."},
]

# Badge criterion -> Fledger checks that decide it automatically. Keyed by the badge's own
# criterion name; a criterion restated at a higher level ("report_tracker" at silver) gets the
# same checks unless BADGE_CHECKS_AT overrides it for that level.
BADGE_CHECKS = {
    # passing
    "description_good": ["repo.readme"],
    "interact": ["repo.readme_build", "repo.bug_reporting", "repo.contributing"],
    "contribution": ["repo.contributing"],
    "contribution_requirements": ["repo.contribution_requirements"],
    "floss_license": ["repo.license_floss"],
    "floss_license_osi": ["repo.license_osi"],
    "license_location": ["repo.license_file"],
    "documentation_basics": ["repo.readme_build"],
    "documentation_interface": ["repo.interface_docs"],
    "sites_https": ["repo.https_links"],
    "discussion": ["repo.bug_reporting"],
    "english": ["repo.english"],
    "maintained": ["repo.maintained"],
    "repo_public": ["repo.vcs_git"],
    "repo_track": ["repo.vcs_git"],
    "repo_distributed": ["repo.vcs_git"],
    "version_unique": ["repo.tags"],
    "version_semver": ["repo.semver"],
    "version_tags": ["repo.tags"],
    "release_notes": ["repo.changelog"],
    "report_process": ["repo.bug_reporting"],
    "report_tracker": ["repo.bug_reporting"],
    "vulnerability_report_process": ["repo.security_policy"],
    "vulnerability_report_private": ["repo.security_private_channel"],
    "build": ["repo.build_system"],
    "build_common_tools": ["repo.build_common_tools"],
    "build_floss_tools": ["repo.build_common_tools"],
    "test": ["repo.tests"],
    "test_invocation": ["repo.test_invocation"],
    "test_continuous_integration": ["repo.ci_tests"],
    "test_policy": ["repo.test_policy"],
    "tests_are_added": ["repo.test_policy"],
    "tests_documented_added": ["repo.test_policy"],
    "warnings": ["repo.warnings"],
    "warnings_strict": ["repo.warnings_strict"],
    "no_leaked_credentials": ["repo.no_leaked_credentials"],
    "static_analysis": ["repo.static_analysis"],
    "static_analysis_often": ["repo.static_analysis"],
    "dynamic_analysis": ["repo.dynamic_analysis"],
    "dynamic_analysis_unsafe": ["repo.dynamic_analysis"],
    # silver
    "dco": ["repo.contribution_requirements"],
    "governance": ["repo.governance"],
    "code_of_conduct": ["repo.code_of_conduct"],
    "roles_responsibilities": ["repo.governance"],
    "documentation_quick_start": ["repo.readme_build"],
    "vulnerability_response_process": ["repo.security_policy"],
    "coding_standards": ["repo.contribution_requirements"],
    "installation_development_quick": ["repo.readme_build"],
    "dependency_monitoring": ["repo.dependency_updates"],
    "automated_integration_testing": ["repo.ci_tests"],
    "test_policy_mandated": ["repo.test_policy"],
    "signed_releases": ["repo.signed_releases"],
    # gold
    "code_review_standards": ["repo.branch_protection_hint"],
}


def badge_osps_map(folder):
    """Badge criterion name -> OSPS Baseline ids, from both of the badge's mapping files."""
    ids = {}

    def collect(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, dict) and "original_id" in v:
                    ids[k] = v["original_id"]
                else:
                    collect(v)

    collect(load_yaml(os.path.join(folder, "baseline_criteria.yml")))

    def osps_id(key):
        if key in ids:
            return ids[key]
        m = re.fullmatch(r"osps_([a-z]{2})_(\d{2})_(\d{2})", key)
        if not m:
            raise ConversionError("unexpected baseline criterion " + key)
        return "OSPS-%s-%s.%s" % (m.group(1).upper(), m.group(2), m.group(3))

    def conf(v):
        if isinstance(v, list):
            v = v[0] if v else 0
        return v or 0

    out = {}
    for fname, metal_is_source in (("metal_to_baseline_map.yml", True), ("baseline_to_metal_map.yml", False)):
        for e in load_yaml(os.path.join(folder, fname)).get("mappings") or []:
            if max(conf(e.get("confidence_met")), conf(e.get("confidence_unmet")), conf(e.get("confidence_na"))) <= 0:
                continue  # "0 = no inference; skip this entry"
            metal, base = (e["source_criterion"], e["target_criterion"]) if metal_is_source else \
                (e["target_criterion"], e["source_criterion"])
            out.setdefault(metal, set()).add(osps_id(base))
    return out


def build_openssf(corpus):
    folder = os.path.join(corpus, "openssf-best-practices")
    commit, date, _ = read_attribution(folder)
    crit = load_yaml(os.path.join(folder, "criteria.yml"))
    texts = load_yaml(os.path.join(folder, "criteria_text_en.yml"))["criteria"]
    osps = badge_osps_map(folder)

    all_keys = set()
    for lvl, majors in omap_items(crit):
        for _, minors in omap_items(majors):
            for _, crits in omap_items(minors):
                for key, _ in omap_items(crits):
                    all_keys.add(key)
    for key in sorted(set(BADGE_CHECKS) | set(osps)):
        if key not in all_keys:
            warn("OpenSSF: '%s' (checks or OSPS map) is not a criterion in criteria.yml" % key)

    level_of = {src: (lid, lname) for src, lid, lname in BADGE_LEVELS}
    groups = {}  # major -> {minor title -> [criteria]}, insertion-ordered
    seen = set()
    skipped = []
    for lvl, majors in omap_items(crit):
        if lvl not in level_of:
            raise ConversionError("OpenSSF: unknown badge level %r" % lvl)
        level_id, level_name = level_of[lvl]
        for major, minors in omap_items(majors):
            for minor, crits in omap_items(minors):
                for key, info in omap_items(crits):
                    info = info or {}
                    if info.get("future") or info.get("obsolete"):
                        skipped.append("%s/%s" % (lvl, key))
                        continue
                    t = (texts.get(lvl) or {}).get(key)
                    if not t or not t.get("description"):
                        raise ConversionError("OpenSSF: no English text for %s/%s" % (lvl, key))
                    text = plain(t["description"])
                    extra = []
                    if t.get("details"):
                        extra.append(plain(t["details"], links=True))
                    if info.get("rationale"):
                        extra.append("Rationale: " + plain(info["rationale"], links=True, markdown=True))
                    if info.get("na_allowed"):
                        extra.append("N/A is allowed" +
                                     (" with a justification." if info.get("na_justification_required") else "."))
                    if info.get("met_url_required"):
                        extra.append("Met requires a URL.")
                    cid = key if key not in seen else "%s.%s" % (key, level_name.lower())
                    seen.add(key)
                    mappings = {"osps": osps[key]} if key in osps else None
                    c = criterion(cid, text, level_id, strength=info.get("category"),
                                  checks=BADGE_CHECKS.get(key), mappings=mappings,
                                  details=join_sentences(extra),
                                  url="https://www.bestpractices.dev/en/criteria/%s#%s.%s" % (lvl, lvl, key))
                    groups.setdefault(major, {}).setdefault(title_case(minor), []).append(c)
    for s in skipped:
        warn("OpenSSF: skipped future/obsolete criterion " + s)

    cats = [category(major, [subcategory(minor, cs) for minor, cs in minors.items()])
            for major, minors in groups.items()]
    header = {
        "standardsSet": "OpenSSF Best Practices",
        "version": date or commit[:12],
        "projectType": "FLOSS",
        "grade": "Passing",
        "kind": "project",
        "description": "The OpenSSF Best Practices Badge criteria for free/libre and open source "
                       "software projects: passing, silver and gold levels.",
        "source": {
            "name": "OpenSSF Best Practices Badge criteria (coreinfrastructure/best-practices-badge)",
            "url": "https://github.com/coreinfrastructure/best-practices-badge",
            "license": "MIT OR CC-BY-3.0+",
            "attribution": "Adapted from the OpenSSF Best Practices Badge criteria "
                           "(criteria/criteria.yml and config/locales/en.yml, MIT OR CC-BY-3.0+, "
                           "Copyright the Linux Foundation, IDA and contributors); converted to "
                           "Fledger's catalog format with Fledger check ids and OSPS Baseline mappings added.",
            "commit": commit,
        },
    }
    full = catalog(header, BADGE_LEVEL_INFO, cats)
    out = {"OpenSSF": full}
    for _, level_id, level_name in BADGE_LEVELS:
        out["OpenSSF-" + level_name.lower()] = filter_levels(full, {level_id}, {
            "standardsSet": "OpenSSF Best Practices (%s)" % level_name,
            "grade": level_name,
            "description": "The OpenSSF Best Practices Badge criteria of the %s level only." % level_name.lower(),
        })
    return out


# ----------------------------------------------------------------------------------------------
# OWASP ASVS 5.0.0
# ----------------------------------------------------------------------------------------------

ASVS_LEVELS = [
    {"id": 1, "name": "L1",
     "description": "ASVS Level 1: the first, critical layer of defence; the minimum every application should meet."},
    {"id": 2, "name": "L2",
     "description": "ASVS Level 2: more advanced practices, suitable for most applications handling sensitive data."},
    {"id": 3, "name": "L3",
     "description": "ASVS Level 3: the highest level of assurance, for the most critical applications."},
]

ASVS_CHECKS = {
    "V15.1.2": ["repo.sbom"],
}


def asvs_v4_map(folder):
    path = os.path.join(folder, "mappings", "mapping_v5.0.0_to_v4.0.3.yml")
    out = {}
    if not os.path.exists(path):
        return out
    for key, val in (load_yaml(path) or {}).items():
        m = re.fullmatch(r"v5\.0\.0-(\d+\.\d+\.\d+)", str(key))
        if not m or not isinstance(val, dict):
            continue
        refs = re.findall(r"v4\.0\.3-(\d+\.\d+\.\d+)", str(val.get("tag-v4.0.3", "")))
        if refs:
            out["V" + m.group(1)] = ["V" + r for r in dict.fromkeys(refs)]
    return out


def build_asvs(corpus):
    folder = os.path.join(corpus, "owasp-asvs")
    commit, date, _ = read_attribution(folder)
    sub = os.path.join(folder, "5.0.0")
    nested = [f for f in sorted(os.listdir(sub))
              if f.endswith(".json") and not f.endswith(".flat.json") and not f.endswith(".cdx.json")]
    if len(nested) != 1:
        raise ConversionError("ASVS: expected one nested JSON in " + sub)
    doc = load_json(os.path.join(sub, nested[0]))
    v4 = asvs_v4_map(folder)
    cats = []
    for ch in doc["Requirements"]:
        subs = []
        for sec in ch["Items"]:
            crit = []
            for r in sec["Items"]:
                rid = r["Shortcode"]
                level = int(str(r["L"]).strip().lstrip("Ll"))
                text = plain(r["Description"], markdown=True)
                mappings = {"asvs4": v4[rid]} if rid in v4 else None
                crit.append(criterion(rid, text, level, checks=ASVS_CHECKS.get(rid), mappings=mappings))
            if crit:
                subs.append(subcategory("%s %s" % (sec["Shortcode"], plain(sec["Name"])), crit))
        if subs:
            cats.append(category("%s %s" % (ch["Shortcode"], plain(ch["Name"])), subs))
    for rid in ASVS_CHECKS:
        if not any(k["id"] == rid for c in cats for s in c["subcategories"] for k in s["criteria"]):
            warn("ASVS: check mapping for unknown requirement " + rid)
    header = {
        "standardsSet": "OWASP Application Security Verification Standard",
        "version": doc.get("Version", "5.0.0"),
        "projectType": "Application",
        "grade": "L1-L3",
        "kind": "project",
        "description": plain(doc.get("Description")),
        "source": {
            "name": "OWASP ASVS %s (OWASP/ASVS)" % doc.get("Version", "5.0.0"),
            "url": "https://github.com/OWASP/ASVS",
            "license": "CC-BY-SA-4.0",
            "attribution": "Adapted from the OWASP Application Security Verification Standard %s "
                           "by the OWASP Foundation (CC BY-SA 4.0); converted to Fledger's catalog "
                           "format. This adaptation is licensed under CC BY-SA 4.0." % doc.get("Version", "5.0.0"),
            "commit": commit,
        },
    }
    full = catalog(header, ASVS_LEVELS, cats)
    l1 = filter_levels(full, {1}, {
        "standardsSet": "OWASP Application Security Verification Standard (Level 1)",
        "grade": "L1",
        "description": "The OWASP ASVS requirements of level 1 only.",
    })
    return {"ASVS": full, "ASVS-L1": l1}


# ----------------------------------------------------------------------------------------------
# OWASP SAMM 2.2
# ----------------------------------------------------------------------------------------------

SAMM_CHECKS = {
    "I-SB-1-B": ["repo.sbom"],
    "I-SB-2-A": ["repo.build_system", "repo.ci"],
    "V-RT-1-B": ["repo.dynamic_analysis"],
    "V-ST-1-A": ["repo.static_analysis"],
    "V-ST-3-A": ["repo.static_analysis"],
}


def load_samm(corpus):
    folder = os.path.join(corpus, "owasp-samm")
    model = os.path.join(folder, "model")
    docs = {}
    for sub in sorted(os.listdir(model)):
        d = os.path.join(model, sub)
        if not os.path.isdir(d):
            continue
        items = []
        for f in sorted(os.listdir(d)):
            if f.endswith((".yml", ".yaml")):
                y = load_yaml(os.path.join(d, f))
                if isinstance(y, dict):
                    y["_file"] = os.path.splitext(f)[0]
                    items.append(y)
        docs[sub] = items
    by_id = {}
    for items in docs.values():
        for y in items:
            if "id" in y:
                by_id[y["id"]] = y
    functions = sorted(docs["business_functions"], key=lambda y: (y.get("order", 0), y["name"]))
    practices = docs["security_practices"]
    streams = docs["streams"]
    mlevels = {y["id"]: y for y in docs["maturity_levels"]}
    plevels = {y["id"]: y for y in docs["practice_levels"]}
    questions = {}
    for q in docs["questions"]:
        questions.setdefault(q["activity"], []).append(q)
    answer_sets = {y["id"]: y for y in docs["answer_sets"]}

    # practice id -> [(stream, [(level number, activity)])]
    acts = {}
    for a in docs["activities"]:
        acts.setdefault(a["stream"], []).append(a)

    model_tree = []  # [(function, [(practice, [(stream, [(level, activity, human id)])])])]
    for fn in functions:
        prs = sorted([p for p in practices if p["function"] == fn["id"]], key=lambda p: (p.get("order", 0), p["name"]))
        ptree = []
        for p in prs:
            sts = sorted([s for s in streams if s["practice"] == p["id"]], key=lambda s: (s.get("order", 0), s["letter"]))
            stree = []
            for s in sts:
                alist = []
                for a in acts.get(s["id"], []):
                    pl = plevels[a["level"]]
                    ml = mlevels[pl["maturityLevel"]]
                    n = int(ml["number"])
                    hid = "%s-%s-%d-%s" % (fn["name"][0].upper(), p["shortName"], n, s["letter"])
                    if hid != a["_file"]:
                        warn("SAMM: activity id %s differs from its file name %s" % (hid, a["_file"]))
                    alist.append((n, a, hid, pl))
                alist.sort(key=lambda t: t[0])
                stree.append((s, alist))
            ptree.append((p, stree))
        model_tree.append((fn, ptree))
    return {
        "folder": folder, "tree": model_tree, "questions": questions, "answer_sets": answer_sets,
        "mlevels": sorted(mlevels.values(), key=lambda y: int(y["number"])),
    }


def samm_resolve(samm, ref):
    """OSPS Baseline's free-text SAMM reference ("Implementation -Secure Build -Build Process
    Lvl1") -> the activity id ("I-SB-1-A"), or None."""
    def norm(s):
        return re.sub(r"[^a-z0-9]", "", str(s).lower().replace("&", "and"))
    m = re.search(r"lvl\s*(\d)", str(ref), re.I)
    if not m:
        return None
    level = int(m.group(1))
    r = norm(ref)
    hits = []
    for fn, ptree in samm["tree"]:
        for p, stree in ptree:
            for s, alist in stree:
                if norm(s["name"]) in r:
                    for n, _, hid, _ in alist:
                        if n == level:
                            score = (norm(p["name"]) in r) + (norm(fn["name"]) in r)
                            hits.append((score, hid))
    if not hits:
        return None
    hits.sort(key=lambda t: -t[0])
    if len(hits) > 1 and hits[0][0] == hits[1][0]:
        return None
    return hits[0][1]


def build_samm(corpus, samm, osps_reverse):
    folder = samm["folder"]
    commit, date, attribution = read_attribution(folder)
    m = re.search(r"tag v(\d+\.\d+\.\d+)", attribution)
    version = m.group(1) if m else "2"
    levels = [{"id": int(ml["number"]), "name": "Maturity level %d" % int(ml["number"]),
               "description": plain(ml.get("description"))} for ml in samm["mlevels"]]
    cats = []
    for fn, ptree in samm["tree"]:
        subs = []
        for p, stree in ptree:
            crit = []
            for s, alist in stree:
                for n, a, hid, pl in alist:
                    qs = sorted(samm["questions"].get(a["id"], []), key=lambda q: q.get("order", 0))
                    qtext = " ".join(plain(q["text"]) for q in qs)
                    text = "%s: %s" % (plain(a["title"]), qtext) if qtext else plain(a["title"])
                    parts = ["Stream %s (%s), maturity level %d." % (s["letter"], plain(s["name"]), n)]
                    if a.get("shortDescription"):
                        parts.append(plain(a["shortDescription"]))
                    if a.get("benefit"):
                        parts.append("Benefit: " + plain(a["benefit"]))
                    if pl.get("objective"):
                        parts.append("Practice objective at this level: " + plain(pl["objective"]))
                    for q in qs:
                        quality = [plain(x) for x in (q.get("quality") or []) if plain(x)]
                        if quality:
                            parts.append("Quality criteria: " + "; ".join(quality))
                        aset = samm["answer_sets"].get(q.get("answerSet"))
                        if aset and aset.get("values"):
                            vals = sorted(aset["values"], key=lambda v: v.get("order", 0))
                            parts.append("Answers: " + "; ".join("%s (%s)" % (plain(v["text"]), v["value"]) for v in vals))
                    mappings = {"osps": osps_reverse[hid]} if hid in osps_reverse else None
                    crit.append(criterion(hid, text, n, checks=SAMM_CHECKS.get(hid), mappings=mappings,
                                          details=join_sentences(parts)))
            if crit:
                subs.append(subcategory(plain(p["name"]), crit, plain(p.get("shortDescription"))))
        if subs:
            cats.append(category(plain(fn["name"]), subs, plain(fn.get("description"))))
    header = {
        "standardsSet": "OWASP Software Assurance Maturity Model",
        "version": version,
        "projectType": "Organization",
        "grade": "Maturity levels 1-3",
        "kind": "project",
        "description": "OWASP SAMM: business functions, security practices and their activities "
                       "per stream and maturity level, each with its assessment question.",
        "source": {
            "name": "OWASP SAMM %s model (owaspsamm/core)" % version,
            "url": "https://github.com/owaspsamm/core",
            "license": "CC-BY-SA-4.0",
            "attribution": "Adapted from the OWASP Software Assurance Maturity Model (SAMM) %s "
                           "by the OWASP SAMM project (CC BY-SA 4.0); converted to Fledger's catalog "
                           "format. This adaptation is licensed under CC BY-SA 4.0." % version,
            "commit": commit,
        },
    }
    return {"SAMM": catalog(header, levels, cats)}


# ----------------------------------------------------------------------------------------------
# NIST SSDF 1.1
# ----------------------------------------------------------------------------------------------

# The CycloneDX file carries only identifiers and statements; the group and practice titles
# below are those of NIST SP 800-218 v1.1 (a US government work).
SSDF_TITLES = {
    "PO": "Prepare the Organization",
    "PS": "Protect the Software",
    "PW": "Produce Well-Secured Software",
    "RV": "Respond to Vulnerabilities",
    "PO.1": "Define Security Requirements for Software Development",
    "PO.2": "Implement Roles and Responsibilities",
    "PO.3": "Implement Supporting Toolchains",
    "PO.4": "Define and Use Criteria for Software Security Checks",
    "PO.5": "Implement and Maintain Secure Environments for Software Development",
    "PS.1": "Protect All Forms of Code from Unauthorized Access and Tampering",
    "PS.2": "Provide a Mechanism for Verifying Software Release Integrity",
    "PS.3": "Archive and Protect Each Software Release",
    "PW.1": "Design Software to Meet Security Requirements and Mitigate Security Risks",
    "PW.2": "Review the Software Design to Verify Compliance with Security Requirements and Risk Information",
    "PW.4": "Reuse Existing, Well-Secured Software When Feasible Instead of Duplicating Functionality",
    "PW.5": "Create Source Code by Adhering to Secure Coding Practices",
    "PW.6": "Configure the Compilation, Interpreter, and Build Processes to Improve Executable Security",
    "PW.7": "Review and/or Analyze Human-Readable Code to Identify Vulnerabilities and Verify Compliance with Security Requirements",
    "PW.8": "Test Executable Code to Identify Vulnerabilities and Verify Compliance with Security Requirements",
    "PW.9": "Configure Software to Have Secure Settings by Default",
    "RV.1": "Identify and Confirm Vulnerabilities on an Ongoing Basis",
    "RV.2": "Assess, Prioritize, and Remediate Vulnerabilities",
    "RV.3": "Analyze Vulnerabilities to Identify Their Root Causes",
}

SSDF_CHECKS = {
    "PS.2.1": ["repo.signed_releases"],
    "PS.3.2": ["repo.sbom"],
    "PW.7.2": ["repo.static_analysis"],
    "RV.1.3": ["repo.security_policy"],
}


def load_ssdf(corpus):
    folder = os.path.join(corpus, "nist-ssdf")
    files = [f for f in sorted(os.listdir(folder)) if f.startswith("nist_secure-software-development-framework")
             and f.endswith(".cdx.json")]
    if len(files) != 1:
        raise ConversionError("SSDF: expected one nist_secure-software-development-framework*.cdx.json")
    doc = load_json(os.path.join(folder, files[0]))
    std = doc["definitions"]["standards"][0]
    return folder, doc, std


def build_ssdf(corpus, osps_reverse):
    folder, doc, std = load_ssdf(corpus)
    commit, date, _ = read_attribution(folder)
    reqs = std["requirements"]
    by_ref = {r["bom-ref"]: r for r in reqs}
    children = {}
    for r in reqs:
        children.setdefault(r.get("parent"), []).append(r)
    for k in children:
        children[k].sort(key=lambda r: natural_key(r["identifier"]))

    def link(r):
        for e in r.get("externalReferences") or []:
            if e.get("url"):
                return e["url"]
        return None

    def title(ident):
        if ident not in SSDF_TITLES:
            warn("SSDF: no title for " + ident)
        return SSDF_TITLES.get(ident, ident)

    cats = []
    for g in children.get(None, []):
        subs = []
        for p in children.get(g["bom-ref"], []):
            crit = []
            for t in children.get(p["bom-ref"], []):
                tid = t["identifier"]
                details = None
                examples = [plain(x.get("text")) for x in (t.get("examples") or []) if isinstance(x, dict)]
                if examples:
                    details = "Examples: " + "; ".join(examples)
                mappings = {"osps": osps_reverse[tid]} if tid in osps_reverse else None
                crit.append(criterion(tid, plain(t["text"]), 1, checks=SSDF_CHECKS.get(tid),
                                      mappings=mappings, details=details, url=link(t)))
            if crit:
                subs.append(subcategory("%s %s" % (p["identifier"], title(p["identifier"])), crit, plain(p.get("text"))))
        if subs:
            cats.append(category("%s (%s)" % (title(g["identifier"]), g["identifier"]), subs, plain(g.get("text"))))
    for tid in SSDF_CHECKS:
        if tid not in {r["identifier"] for r in reqs}:
            warn("SSDF: check mapping for unknown task " + tid)
    header = {
        "standardsSet": "NIST Secure Software Development Framework",
        "version": std.get("version", "1.1"),
        "projectType": "Software producer",
        "grade": "SSDF",
        "kind": "project",
        "description": "NIST SP 800-218, Secure Software Development Framework (SSDF) version %s: "
                       "practice groups, practices and tasks." % std.get("version", "1.1"),
        "source": {
            "name": "NIST SP 800-218 SSDF %s (CycloneDX/official-3rd-party-standards)" % std.get("version", "1.1"),
            "url": "https://csrc.nist.gov/pubs/sp/800/218/final",
            "license": "LicenseRef-NIST-Data-Works",
            "attribution": "Source: National Institute of Standards and Technology, SP 800-218 SSDF "
                           "v1.1 (a US government work, not subject to copyright in the United States), "
                           "via the CycloneDX standards definition; converted to Fledger's catalog "
                           "format with practice titles and Fledger check ids added.",
            "commit": commit,
        },
    }
    levels = [{"id": 1, "name": "SSDF",
               "description": "The SSDF has no levels; every task applies to a software producer."}]
    return {"SSDF": catalog(header, levels, cats)}, {r["identifier"] for r in reqs}, doc


# ----------------------------------------------------------------------------------------------
# OpenSSF OSPS Baseline
# ----------------------------------------------------------------------------------------------

OSPS_CHECKS = {
    "OSPS-BR-02.01": ["repo.tags"],
    "OSPS-BR-03.01": ["repo.https_links"],
    "OSPS-BR-04.01": ["repo.changelog"],
    "OSPS-BR-06.01": ["repo.signed_releases"],
    "OSPS-BR-07.01": ["repo.no_leaked_credentials"],
    "OSPS-DO-01.01": ["repo.readme_build"],
    "OSPS-DO-02.01": ["repo.bug_reporting"],
    "OSPS-DO-07.01": ["repo.readme_build"],
    "OSPS-GV-01.01": ["repo.governance"],
    "OSPS-GV-01.02": ["repo.governance"],
    "OSPS-GV-02.01": ["repo.bug_reporting"],
    "OSPS-GV-03.01": ["repo.contributing"],
    "OSPS-GV-03.02": ["repo.contribution_requirements"],
    "OSPS-LE-02.01": ["repo.license_floss"],
    "OSPS-LE-03.01": ["repo.license_file"],
    "OSPS-QA-01.01": ["repo.vcs_git"],
    "OSPS-QA-01.02": ["repo.vcs_git"],
    "OSPS-QA-02.02": ["repo.sbom"],
    "OSPS-QA-06.01": ["repo.ci_tests"],
    "OSPS-QA-06.03": ["repo.test_policy"],
    "OSPS-SA-02.01": ["repo.interface_docs"],
    "OSPS-VM-01.01": ["repo.security_policy"],
    "OSPS-VM-02.01": ["repo.security_policy"],
    "OSPS-VM-03.01": ["repo.security_private_channel"],
}


def load_osps(corpus):
    folder = os.path.join(corpus, "openssf-osps-baseline")
    meta = load_yaml(os.path.join(folder, "metadata.yaml"))
    families = []
    for f in sorted(os.listdir(folder)):
        if re.fullmatch(r"OSPS-[A-Z]+\.ya?ml", f):
            families.append(load_yaml(os.path.join(folder, f)))
    return folder, meta, families


def osps_guideline_refs(control):
    out = {}
    for g in control.get("guidelines") or []:
        ref = g.get("reference-id")
        if ref is None:
            continue
        for e in g.get("entries") or []:
            v = e.get("reference-id")
            if v is not None:
                out.setdefault(str(ref), []).append(v)
    return out


def normalize_ssdf_ref(v, ssdf_ids):
    s = str(v).strip().replace(" ", ".")
    s = re.sub(r"^P0\.", "PO.", s)  # a zero typed for the letter O in a few source entries
    return s if s in ssdf_ids else None


def build_osps(corpus, loaded, ssdf_ids, samm):
    folder, meta, families = loaded
    commit, date, _ = read_attribution(folder)
    md = meta.get("metadata") or {}
    groups_info = md.get("applicability-groups") or []
    levels = []
    level_of_group = {}
    for i, g in enumerate(groups_info):
        m = re.fullmatch(r"maturity-(\d+)", g["id"])
        if not m or int(m.group(1)) != i + 1:
            raise ConversionError("OSPS: unexpected applicability group " + g["id"])
        level_of_group[g["id"]] = i + 1
        levels.append({"id": i + 1, "name": plain(g.get("title")) or g["id"],
                       "description": plain(g.get("description"))})

    badge_folder = os.path.join(corpus, "openssf-best-practices")
    badge_to_osps = badge_osps_map(badge_folder) if os.path.isdir(badge_folder) else {}
    osps_to_badge = {}
    for key, ids in badge_to_osps.items():
        for i in ids:
            osps_to_badge.setdefault(i, set()).add(key)

    reverse = {"ssdf": {}, "samm": {}}  # framework id -> OSPS requirement ids
    unresolved = set()
    cats = []
    retired = []
    for fam in families:
        for g in fam.get("groups") or []:
            subs = []
            for ctl in [c for c in fam.get("controls") or [] if c.get("group") == g["id"]]:
                refs = osps_guideline_refs(ctl)
                ssdf_refs = []
                for v in refs.get("SSDF", []):
                    n = normalize_ssdf_ref(v, ssdf_ids)
                    if n:
                        ssdf_refs.append(n)
                    else:
                        unresolved.add("SSDF " + str(v))
                samm_refs = []
                for v in refs.get("SAMM", []):
                    n = samm_resolve(samm, v) if samm else None
                    if n:
                        samm_refs.append(n)
                    else:
                        unresolved.add("SAMM " + str(v))
                scorecard = [str(v) for v in refs.get("Scorecard", [])]
                crit = []
                for r in ctl.get("assessment-requirements") or []:
                    if str(r.get("state", "")).lower() in ("retired", "deprecated", "withdrawn"):
                        retired.append(r["id"])
                        continue
                    app = [level_of_group[a] for a in r.get("applicability") or [] if a in level_of_group]
                    if not app:
                        raise ConversionError("OSPS: %s has no maturity level" % r["id"])
                    text = plain(r["text"])
                    strength = "MUST" if re.search(r"\bMUST\b", text) else ("SHOULD" if re.search(r"\bSHOULD\b", text) else None)
                    parts = []
                    if r.get("recommendation"):
                        parts.append("Recommendation: " + plain(r["recommendation"]))
                    parts.append("Applies at: " + ", ".join(levels[a - 1]["name"] for a in sorted(app)) + ".")
                    mappings = {}
                    if ssdf_refs:
                        mappings["ssdf"] = ssdf_refs
                    if samm_refs:
                        mappings["samm"] = samm_refs
                    if scorecard:
                        mappings["scorecard"] = scorecard
                    if r["id"] in osps_to_badge:
                        mappings["openssf"] = osps_to_badge[r["id"]]
                    for x in ssdf_refs:
                        reverse["ssdf"].setdefault(x, set()).add(r["id"])
                    for x in samm_refs:
                        reverse["samm"].setdefault(x, set()).add(r["id"])
                    crit.append(criterion(r["id"], text, min(app), strength=strength,
                                          checks=OSPS_CHECKS.get(r["id"]), mappings=mappings,
                                          details=join_sentences(parts)))
                if crit:
                    subs.append(subcategory("%s %s" % (ctl["id"], plain(ctl["title"]).rstrip(".")), crit,
                                            plain(ctl.get("objective"))))
            if subs:
                cats.append(category("%s (%s)" % (plain(g["title"]), g["id"]), subs, plain(g.get("description"))))
    for r in retired:
        warn("OSPS: skipped retired requirement " + r)
    for u in sorted(unresolved):
        warn("OSPS: guideline reference not mapped: " + u)
    known = {k["id"] for c in cats for s in c["subcategories"] for k in s["criteria"]}
    for rid in OSPS_CHECKS:
        if rid not in known:
            warn("OSPS: check mapping for unknown requirement " + rid)
    header = {
        "standardsSet": "OpenSSF OSPS Baseline",
        "version": ("draft " + date) if md.get("draft") else (date or commit[:12]),
        "projectType": "FLOSS",
        "grade": "Maturity levels 1-3",
        "kind": "project",
        "description": plain(md.get("description")) or plain(meta.get("title")),
        "source": {
            "name": "Open Source Project Security Baseline (ossf/security-baseline)",
            "url": "https://github.com/ossf/security-baseline",
            "license": "Apache-2.0",
            "attribution": "Adapted from the OpenSSF Open Source Project Security (OSPS) Baseline "
                           "by the OSPS Baseline authors (Apache-2.0); converted to Fledger's catalog "
                           "format with Fledger check ids and cross-framework mappings added.",
            "commit": commit,
        },
    }
    return {"OSPS-Baseline": catalog(header, levels, cats)}, reverse


# ----------------------------------------------------------------------------------------------
# Licenses
# ----------------------------------------------------------------------------------------------

def copy_licenses(corpus, out_dir, ssdf_doc):
    lic = os.path.join(out_dir, "licenses")
    os.makedirs(lic, exist_ok=True)
    copies = [
        (os.path.join(corpus, "openssf-best-practices", "LICENSE-MIT.txt"), "LICENSE-MIT-openssf-best-practices.txt"),
        (os.path.join(corpus, "owasp-asvs", "LICENSE-CC-BY-SA-4.0.md"), "LICENSE-CC-BY-SA-4.0.md"),
        (os.path.join(corpus, "openssf-osps-baseline", "LICENSE-Apache-2.0.txt"), "LICENSE-Apache-2.0-osps-baseline.txt"),
    ]
    written = []
    for src, name in copies:
        shutil.copyfile(src, os.path.join(lic, name))
        written.append(name)
    for entry in (ssdf_doc.get("metadata") or {}).get("licenses") or []:
        l = entry.get("license") or {}
        t = l.get("text") or {}
        if t.get("content"):
            body = t["content"]
            if t.get("encoding") == "base64":
                body = base64.b64decode(body).decode("utf-8")
            name = "LICENSE-NIST-SSDF-notice.txt"
            with open(os.path.join(lic, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(body.rstrip("\n") + "\n")
            written.append(name)
            break
    return written


# ----------------------------------------------------------------------------------------------

def write_catalog(out_dir, name, cat):
    validate(name, cat)
    path = os.path.join(out_dir, name + ".json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(cat, indent=2, ensure_ascii=False) + "\n")
    n = sum(len(s["criteria"]) for c in cat["categories"] for s in c["subcategories"])
    print("wrote %s (%d requirements)" % (path, n))


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 1
    corpus, out_dir = argv[1], argv[2]
    if not os.path.isdir(corpus):
        print("convert.py: not a directory: " + corpus, file=sys.stderr)
        return 1
    os.makedirs(out_dir, exist_ok=True)
    try:
        samm = load_samm(corpus)
        ssdf_folder, ssdf_doc, ssdf_std = load_ssdf(corpus)
        ssdf_ids = {r["identifier"] for r in ssdf_std["requirements"]}
        osps_cats, reverse = build_osps(corpus, load_osps(corpus), ssdf_ids, samm)
        catalogs = {}
        catalogs.update(build_openssf(corpus))
        catalogs.update(build_asvs(corpus))
        catalogs.update(build_samm(corpus, samm, reverse["samm"]))
        ssdf_cats, _, _ = build_ssdf(corpus, reverse["ssdf"])
        catalogs.update(ssdf_cats)
        catalogs.update(osps_cats)
        for name in sorted(catalogs):
            write_catalog(out_dir, name, catalogs[name])
        for name in copy_licenses(corpus, out_dir, ssdf_doc):
            print("wrote %s" % os.path.join(out_dir, "licenses", name))
    except (ConversionError, KeyError, OSError, yaml.YAMLError) as e:
        print("convert.py: error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
