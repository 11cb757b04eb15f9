#include "store/sqlite/key_hash.hpp"

namespace truceline::store::sqlite_detail {
namespace {

constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kPrime = 0x100000001b3ULL;

uint64_t Feed(uint64_t state, std::string_view bytes) {
  uint64_t length = bytes.size();
  for (int i = 0; i < 8; ++i) {
    state = (state ^ ((length >> (8 * i)) & 0xff)) * kPrime;
  }
  for (char c : bytes)
    state = (state ^ static_cast<unsigned char>(c)) * kPrime;
  return state;
}

}  // namespace

int64_t ReportKeyHash(std::string_view source, std::string_view id) {
  return static_cast<int64_t>(Feed(Feed(kOffsetBasis, source), id));
}

}  // namespace truceline::store::sqlite_detail
