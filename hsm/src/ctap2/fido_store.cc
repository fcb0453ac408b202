// DeviceStateFidoStore: FidoState inside hsm::store::DeviceState.
#include "hsm/ctap2/fido_store.h"

#include "hsm/store/state_store.h"

namespace hsm::ctap2 {

const FidoState& DeviceStateFidoStore::state() const {
  return store_.state().fido;
}

bool DeviceStateFidoStore::Commit(FidoState next) {
  store::DeviceState device = store_.state().Clone();
  device.fido = std::move(next);
  return store_.Commit(std::move(device)).ok();
}

}  // namespace hsm::ctap2
