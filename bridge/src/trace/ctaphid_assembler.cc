#include "bridge/trace/ctaphid_assembler.h"

#include <algorithm>
#include <cstdio>

#include "bridge/ctaphid/protocol.h"

namespace bridge::trace {
namespace {

using ctaphid::kContDataSize;
using ctaphid::kInitDataSize;
using ctaphid::kMaxMessageSize;
using ctaphid::kMaxSeq;
using ctaphid::kTypeInit;

constexpr size_t kReportSize = wire::ctaphid::kReportSize;

std::string Progress(const std::string& what, uint32_t cid, size_t have,
                     size_t want) {
  return CidText(cid) + " " + what + " (" + std::to_string(have) + " of " +
         std::to_string(want) + " bytes)";
}

}  // namespace

std::string CidText(uint32_t cid) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "cid %08x", cid);
  return buf;
}

AssemblyStep CtaphidAssembler::Add(const std::string& stream,
                                   std::span<const uint8_t> r) {
  AssemblyStep step;
  if (r.size() != kReportSize) {
    step.notes.push_back("report of " + std::to_string(r.size()) +
                         " bytes, not 64: ignored");
    return step;
  }
  const uint32_t cid =
      uint32_t{r[0]} << 24 | uint32_t{r[1]} << 16 | uint32_t{r[2]} << 8 | r[3];
  const Key key{stream, cid};
  auto it = pending_.find(key);
  if ((r[4] & kTypeInit) == 0) {  // continuation packet, CTAP 2.1 §11.2.4
    const uint8_t seq = r[4];
    if (it == pending_.end()) {
      step.notes.push_back(CidText(cid) + " continuation SEQ " +
                           std::to_string(seq) +
                           " with no message in progress: ignored");
      return step;
    }
    Pending& p = it->second;
    if (seq != p.next_seq) {
      step.notes.push_back(
          CidText(cid) + " continuation SEQ " + std::to_string(seq) +
          " where " + std::to_string(p.next_seq) + " was due: message dropped");
      pending_.erase(it);
      return step;
    }
    const size_t take = std::min(kContDataSize, p.bcnt - p.data.size());
    p.data.insert(p.data.end(), r.begin() + 5, r.begin() + 5 + take);
    if (p.data.size() == p.bcnt) {
      step.message = CtaphidMessage{cid, p.command, std::move(p.data)};
      pending_.erase(it);
    } else if (seq == kMaxSeq) {
      step.notes.push_back(Progress("message longer than SEQ allows", cid,
                                    p.data.size(), p.bcnt));
      pending_.erase(it);
    } else {
      ++p.next_seq;
    }
    return step;
  }
  if (it != pending_.end()) {
    step.notes.push_back(
        Progress("init packet abandons the message in progress", cid,
                 it->second.data.size(), it->second.bcnt));
    pending_.erase(it);
  }
  const uint8_t command = r[4] & ~kTypeInit;
  const size_t bcnt = size_t{r[5]} << 8 | r[6];
  if (bcnt > kMaxMessageSize) {
    step.notes.push_back(CidText(cid) + " command 0x" +
                         [&] {
                           char b[4];
                           std::snprintf(b, sizeof b, "%02x", command);
                           return std::string(b);
                         }() +
                         " BCNT " + std::to_string(bcnt) +
                         " exceeds 7609: ignored");
    return step;
  }
  const size_t take = std::min(kInitDataSize, bcnt);
  std::vector<uint8_t> data(r.begin() + 7, r.begin() + 7 + take);
  if (data.size() == bcnt) {
    step.message = CtaphidMessage{cid, command, std::move(data)};
    return step;
  }
  if (pending_.size() >= kMaxPending) {
    auto dropped = pending_.begin();
    step.notes.push_back(Progress(
        "too many messages in progress, dropped", dropped->first.second,
        dropped->second.data.size(), dropped->second.bcnt));
    pending_.erase(dropped);
  }
  pending_.emplace(key, Pending{command, bcnt, 0, std::move(data)});
  return step;
}

std::vector<std::string> CtaphidAssembler::Unfinished() const {
  std::vector<std::string> out;
  for (const auto& [key, p] : pending_) {
    out.push_back(key.first + " " +
                  Progress("message unfinished at the end of the trace",
                           key.second, p.data.size(), p.bcnt));
  }
  return out;
}

}  // namespace bridge::trace
