// Maven versions, ordered by the algorithm of maven-artifact's ComparableVersion (3.6.3-3.8.x).
//
// Parsing mirrors ComparableVersion.parseVersion: '.' separates items, '-' and every
// digit/letter transition open a nested list, an empty item is 0, qualifiers are lower-cased and
// aliased (ga/final/release = "", cr = rc; a/b/m followed by a digit = alpha/beta/milestone), and
// each list is normalized by dropping trailing "null" items (0, "", empty lists). Ordering mirrors
// the Item.compareTo methods. Maven accepts every string, so parsing never fails here.
//
// Two deliberate differences, both about inputs no real artifact has: only ASCII digits are
// digits (Java's Character.isDigit also accepts other scripts' digits) and only ASCII letters are
// lower-cased; numbers compare by value even when an all-zero run is longer than 9 digits (Java
// keeps such a run as a LongItem whose type, not value, decides against a small IntItem).
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

using Kind = MavenItem::Kind;

// The qualifier order; unknown qualifiers rank after all of them (then lexically).
constexpr std::string_view kQualifiers[] = {"alpha",    "beta", "milestone", "rc",
                                            "snapshot", "",     "sp"};
constexpr uint8_t kReleaseRank = 5;
constexpr uint8_t kUnknownRank = 7;

class Builder {
 public:
  explicit Builder(MavenParsed& v) : v_(v) { list_starts_.push_back(0); }

  void AddNumber(std::string_view digits) {
    MavenItem item;
    item.kind = Kind::kNumber;
    item.text = Append(v_.buf, StripLeadingZeros(digits));
    v_.items.push_back(item);
  }
  void AddString(std::string_view lowered, bool followed_by_digit) {
    std::string_view q = lowered;
    if (followed_by_digit && q.size() == 1) {
      if (q == "a") q = "alpha";
      if (q == "b") q = "beta";
      if (q == "m") q = "milestone";
    }
    if (q == "ga" || q == "final" || q == "release") q = "";
    if (q == "cr") q = "rc";
    MavenItem item;
    item.kind = Kind::kString;
    item.rank = kUnknownRank;
    for (uint8_t r = 0; r < std::size(kQualifiers); ++r) {
      if (kQualifiers[r] == q) item.rank = r;
    }
    item.text = Append(v_.buf, q);
    v_.items.push_back(item);
  }
  void AddItem(bool is_digit, std::string_view text) {
    if (is_digit) {
      AddNumber(text);
    } else {
      AddString(text, false);
    }
  }
  void OpenList() {
    MavenItem item;
    item.kind = Kind::kList;
    v_.items.push_back(item);
    list_starts_.push_back(v_.items.size());
  }
  // ListItem.normalize for every list, innermost first (the order of Maven's stack).
  void NormalizeAll() {
    for (size_t k = list_starts_.size(); k-- > 0;) {
      const size_t start = list_starts_[k];
      // Elements of this list are items[start, items.size()) with a trailing sub-list (if any)
      // being a kList marker followed by its own elements; inner lists are already normalized.
      size_t i = v_.items.size();
      while (i > start) {
        // Find the last element: a kList marker owns everything after it.
        size_t last = i - 1;
        for (size_t j = start; j < i; ++j) {
          if (v_.items[j].kind == Kind::kList) {
            last = j;
            break;
          }
        }
        const MavenItem& item = v_.items[last];
        const bool is_list = item.kind == Kind::kList;
        const bool is_null =
            is_list ? last + 1 == i
                    : (item.kind == Kind::kNumber ? item.text.len == 0 : item.rank == kReleaseRank);
        if (is_null) {
          v_.items.erase(v_.items.begin() + static_cast<std::ptrdiff_t>(last),
                         v_.items.begin() + static_cast<std::ptrdiff_t>(i));
          i = last;
          continue;
        }
        if (!is_list) break;
        // A non-null list: keep it and keep trimming the scalars before it.
        i = last;
      }
    }
  }

 private:
  MavenParsed& v_;
  std::vector<size_t> list_starts_;
};

// The element that starts at `i` of a list ending at `end` (== items.size()); returns the index
// after it. A kList element spans the rest of the vector.
size_t NextElement(const std::vector<MavenItem>& items, size_t i) {
  return items[i].kind == Kind::kList ? items.size() : i + 1;
}

int CompareWithNull(const MavenParsed& v, size_t i);

// ListItem.compareTo(ListItem) for the lists starting at a[i] and b[j] (each runs to the end).
int CompareLists(const MavenParsed& a, size_t i, const MavenParsed& b, size_t j);

// Item.compareTo(Item) for non-null elements.
int CompareItems(const MavenParsed& a, size_t i, const MavenParsed& b, size_t j) {
  const MavenItem& x = a.items[i];
  const MavenItem& y = b.items[j];
  switch (x.kind) {
    case Kind::kNumber:
      if (y.kind == Kind::kNumber) return CompareDigits(x.text.In(a.buf), y.text.In(b.buf));
      return 1;  // 1.1 > 1-sp, 1.1 > 1-1
    case Kind::kString:
      if (y.kind == Kind::kString) {
        if (x.rank != y.rank) return x.rank < y.rank ? -1 : 1;
        return x.rank == kUnknownRank ? CompareBytes(x.text.In(a.buf), y.text.In(b.buf)) : 0;
      }
      return -1;  // 1.any < 1.1, 1.any < 1-1
    case Kind::kList:
      if (y.kind == Kind::kNumber) return -1;  // 1-1 < 1.0.x
      if (y.kind == Kind::kString) return 1;   // 1-1 > 1-sp
      return CompareLists(a, i + 1, b, j + 1);
  }
  return 0;
}

// item.compareTo(null) for the element at v.items[i].
int CompareWithNull(const MavenParsed& v, size_t i) {
  // A list compares with null as its first element does, and an empty list equals null; lists
  // nest, so walk down instead of recursing.
  while (true) {
    if (i >= v.items.size()) return 0;
    const MavenItem& x = v.items[i];
    switch (x.kind) {
      case Kind::kNumber:
        return x.text.len == 0 ? 0 : 1;
      case Kind::kString:
        return x.rank < kReleaseRank ? -1 : (x.rank == kReleaseRank ? 0 : 1);
      case Kind::kList:
        ++i;
        break;
    }
  }
}

int CompareLists(const MavenParsed& a, size_t i, const MavenParsed& b, size_t j) {
  // Tail position: a list element is always its list's last, so list-vs-list recursion is a loop.
  while (true) {
    const bool a_more = i < a.items.size();
    const bool b_more = j < b.items.size();
    if (!a_more && !b_more) return 0;
    // The shorter list is padded with nulls; a null element may still tie (1 vs 1.0.1 at "0").
    if (!a_more || !b_more) {
      const int c = a_more ? CompareWithNull(a, i) : -CompareWithNull(b, j);
      if (c != 0) return c;
      if (a_more) i = NextElement(a.items, i);
      if (b_more) j = NextElement(b.items, j);
      continue;
    }
    if (a.items[i].kind == Kind::kList && b.items[j].kind == Kind::kList) {
      ++i;
      ++j;
      continue;
    }
    if (const int c = CompareItems(a, i, b, j); c != 0) return c;
    i = NextElement(a.items, i);
    j = NextElement(b.items, j);
  }
}

}  // namespace

Result<MavenParsed> ParseMaven(std::string_view text) {
  MavenParsed v;
  const std::string version = AsciiLower(text);
  Builder builder(v);
  bool is_digit = false;
  size_t start = 0;
  for (size_t i = 0; i < version.size(); ++i) {
    const char c = version[i];
    const std::string_view pending = std::string_view(version).substr(start, i - start);
    if (c == '.' || c == '-') {
      if (i == start) {
        builder.AddNumber("0");
      } else {
        builder.AddItem(is_digit, pending);
      }
      start = i + 1;
      if (c == '-') builder.OpenList();
    } else if (IsDigit(c)) {
      if (!is_digit && i > start) {
        builder.AddString(pending, true);
        start = i;
        builder.OpenList();
      }
      is_digit = true;
    } else {
      if (is_digit && i > start) {
        builder.AddNumber(pending);
        start = i;
        builder.OpenList();
      }
      is_digit = false;
    }
  }
  if (version.size() > start) builder.AddItem(is_digit, std::string_view(version).substr(start));
  builder.NormalizeAll();
  // Deviation (the one place we follow the POM reference rather than the Java code): a sub-list
  // left holding only another sub-list, because the nulls between two hyphens were trimmed, is
  // merged into it, so "1-ga-1" and "1-0-1" equal "1-1" as the version order specification says
  // ("trailing null values are trimmed ... repeated at each remaining hyphen"), and as the OSV
  // fixture pins; ComparableVersion 3.8 keeps the extra nesting and calls them greater.
  for (size_t i = 0; i + 1 < v.items.size();) {
    if (v.items[i].kind == Kind::kList && v.items[i + 1].kind == Kind::kList) {
      v.items.erase(v.items.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  return v;
}

int CompareMaven(const MavenParsed& a, const MavenParsed& b) { return CompareLists(a, 0, b, 0); }

}  // namespace fledger::sca::version_internal
