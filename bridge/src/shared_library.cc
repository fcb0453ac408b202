#include "bridge/shared_library.h"

#include <dlfcn.h>

namespace bridge {

SharedLibrary::SharedLibrary(const char* soname)
    : handle_(dlopen(soname, RTLD_NOW | RTLD_LOCAL)), ok_(handle_ != nullptr) {}

void* SharedLibrary::Symbol(const char* name) {
  return handle_ == nullptr ? nullptr : dlsym(handle_, name);
}

}  // namespace bridge
