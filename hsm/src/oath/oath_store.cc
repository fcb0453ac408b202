#include "hsm/oath/oath_store.h"

namespace hsm::oath {

OathState FreshOathState(Platform& platform) {
  OathState fresh;
  fresh.salt.resize(8);
  platform.Random(fresh.salt);
  return fresh;
}

}  // namespace hsm::oath
