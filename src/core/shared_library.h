// Shared libraries loaded on first use. libcurl (only `db update` downloads) and libarchive (only
// archive imports) bring two dozen more libraries with them; loading them on demand spares every
// other command mapping and relocating those at start-up (about 5 ms a run, see
// docs/performance.md). The library stays loaded until the process exits.
//
//   FLEDGER_TRY(SharedLibrary lib, SharedLibrary::Open("libcurl.so.4"));
//   decltype(&curl_easy_init) easy_init = nullptr;
//   FLEDGER_RETURN_IF_ERROR(lib.Bind(easy_init, "curl_easy_init"));
#pragma once

#include <string>

#include "core/result.h"

namespace fledger {

class SharedLibrary {
 public:
  // dlopen by soname (the search path of the dynamic loader); an internal error naming the
  // library and the loader's message when it is missing.
  static Result<SharedLibrary> Open(const std::string& soname);

  // Resolves `symbol` into `fn`, a function pointer of the symbol's own type.
  template <typename Fn>
  Status Bind(Fn*& fn, const char* symbol) const {
    FLEDGER_TRY(void* address, Resolve(symbol));
    fn = reinterpret_cast<Fn*>(address);
    return {};
  }

 private:
  SharedLibrary(void* handle, std::string soname) : handle_(handle), soname_(std::move(soname)) {}
  Result<void*> Resolve(const char* symbol) const;
  void* handle_;
  std::string soname_;
};

}  // namespace fledger
