// SharedLibrary: a library loaded with dlopen on first use instead of being
// linked, so that its relocations and symbol bindings cost only the commands
// that need it (keybridge start-up is most of a `code --single` run,
// tools/bench/bench.py code_end_to_end).
//
// The library is opened with RTLD_NOW | RTLD_LOCAL and never closed. Each
// Bind() looks one symbol up; a missing library or symbol makes ok() false,
// and callers then report the Debian package that provides it. Libraries
// loaded this way are invisible to dpkg-shlibdeps: list their packages in
// cmake/packaging.cmake.
//
// LoadApi<Api>(soname, bind) loads the library once per process and fills
// one Api struct of function (or object) pointers with bind(library, api);
// it returns that struct, or nullptr if the library or a symbol is missing.
// RequireApi<Api>(soname, needs, package, bind) is LoadApi for a library the
// keybridge package depends on, so that only a broken install misses it:
// then it says "keybridge: <needs> <package> (apt-get install <package>)"
// on stderr and exits with status 1.
//
// An Api struct listed as an X-macro X(name)... declares its members with
// KEYBRIDGE_API_MEMBER and binds them with KEYBRIDGE_API_BIND inside the
// bind lambda, whose parameters are named `lib` and `api`.

#ifndef BRIDGE_SHARED_LIBRARY_H_
#define BRIDGE_SHARED_LIBRARY_H_

namespace bridge {

class SharedLibrary {
 public:
  explicit SharedLibrary(const char* soname);
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;

  // Sets `fn` (a function or object pointer) to the symbol `name`.
  template <typename T>
  void Bind(T*& fn, const char* name) {
    fn = reinterpret_cast<T*>(Symbol(name));
    if (fn == nullptr) ok_ = false;
  }

  // True if the library and every symbol bound so far were found.
  bool ok() const { return ok_; }

 private:
  void* Symbol(const char* name);

  void* handle_;
  bool ok_;
};

#define KEYBRIDGE_API_MEMBER(name) decltype(&::name) name = nullptr;
#define KEYBRIDGE_API_BIND(name) lib.Bind(api.name, #name);

template <typename Api, typename BindAll>
const Api* LoadApi(const char* soname, BindAll bind) {
  static const Api* const api = [&]() -> const Api* {
    static SharedLibrary library(soname);
    static Api bound;
    bind(library, bound);
    return library.ok() ? &bound : nullptr;
  }();
  return api;
}

[[noreturn]] void ExitMissingPackage(const char* needs, const char* package);

template <typename Api, typename BindAll>
const Api& RequireApi(const char* soname, const char* needs,
                      const char* package, BindAll bind) {
  const Api* api = LoadApi<Api>(soname, bind);
  if (api == nullptr) ExitMissingPackage(needs, package);
  return *api;
}

}  // namespace bridge

#endif  // BRIDGE_SHARED_LIBRARY_H_
