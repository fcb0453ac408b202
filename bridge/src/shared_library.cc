#include "bridge/shared_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace bridge {

SharedLibrary::SharedLibrary(const char* soname)
    : handle_(dlopen(soname, RTLD_NOW | RTLD_LOCAL)), ok_(handle_ != nullptr) {}

void* SharedLibrary::Symbol(const char* name) {
  return handle_ == nullptr ? nullptr : dlsym(handle_, name);
}

void ExitMissingPackage(const char* needs, const char* package) {
  std::fprintf(stderr, "keybridge: %s %s (apt-get install %s)\n", needs,
               package, package);
  std::exit(1);
}

}  // namespace bridge
