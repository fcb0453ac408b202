// FidoStore: how the authenticator reads and commits its persistent
// FidoState (copy-on-write, all or nothing).
//
// Contract: state() is the last committed state. Commit() replaces it
// atomically; on false (storage failed) state() is unchanged and the
// authenticator answers the command with an error without side effects.
// - MemoryFidoStore keeps the state in RAM (tests, fuzzing).
// - SealedFidoStore keeps it as the FIDO section of the sealed state
//   (hsm/store/section_store.h); a section never written is a fresh
//   FidoState.
#ifndef HSM_CTAP2_FIDO_STORE_H_
#define HSM_CTAP2_FIDO_STORE_H_

#include <utility>

#include "hsm/ctap2/fido_state.h"
#include "hsm/result.h"
#include "hsm/store/section_store.h"

namespace hsm::ctap2 {

class FidoStore {
 public:
  virtual ~FidoStore() = default;
  virtual const FidoState& state() const = 0;
  virtual bool Commit(FidoState next) = 0;
};

class MemoryFidoStore : public FidoStore {
 public:
  const FidoState& state() const override { return state_; }
  bool Commit(FidoState next) override {
    if (fail_commits_) return false;
    state_ = std::move(next);
    ++commits_;
    return true;
  }
  // Test hooks.
  void set_fail_commits(bool fail) { fail_commits_ = fail; }
  int commits() const { return commits_; }

 private:
  FidoState state_;
  bool fail_commits_ = false;
  int commits_ = 0;
};

class SealedFidoStore : public FidoStore {
 public:
  explicit SealedFidoStore(store::StateStore& store)
      : sealed_(store, store::Section::kFido) {}
  Status<store::StoreError> Load() { return sealed_.Load(); }
  const FidoState& state() const override { return sealed_.state(); }
  bool Commit(FidoState next) override {
    return sealed_.Commit(std::move(next)).ok();
  }

 private:
  store::SectionStore<FidoState, EncodeFidoState, DecodeFidoState> sealed_;
};

}  // namespace hsm::ctap2

#endif  // HSM_CTAP2_FIDO_STORE_H_
