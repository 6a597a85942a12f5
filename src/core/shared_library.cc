// SharedLibrary: dlopen and dlsym with errors that name the library.
#include "core/shared_library.h"

#include <dlfcn.h>

namespace fledger {

Result<SharedLibrary> SharedLibrary::Open(const std::string& soname) {
  // RTLD_LOCAL: the library's symbols serve only the pointers bound from it.
  void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Error{ErrorCode::kInternal, "cannot load " + soname + ": " +
                                           (why != nullptr ? why : "unknown error") +
                                           " (scripts/install-deps.sh installs it)"};
  }
  return SharedLibrary(handle, soname);
}

Result<void*> SharedLibrary::Resolve(const char* symbol) const {
  dlerror();
  void* address = dlsym(handle_, symbol);
  if (address == nullptr) {
    return Error{ErrorCode::kInternal, soname_ + " has no symbol " + symbol};
  }
  return address;
}

}  // namespace fledger
