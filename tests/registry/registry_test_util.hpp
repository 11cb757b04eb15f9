#pragma once
// Loading the bundled registry (and edited copies of it) in tests.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "registry/registry_json.hpp"

namespace truceline::registry::testing {

inline std::string BundledRegistryPath() {
  return std::string(TRUCELINE_SOURCE_DIR) + "/data/registry/coalition-2025-03-27.json";
}

inline nlohmann::json BundledRegistryJson() {
  std::ifstream in(BundledRegistryPath());
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

// Parses a document that must be valid.
inline Registry MustParse(const nlohmann::json& doc) {
  auto parsed = ParseRegistry(doc.dump(), "test.json");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : Registry{};
}

inline Registry BundledRegistry() {
  return MustParse(BundledRegistryJson());
}

inline Date D(const char* text) {
  return *ParseDate(text);
}

}  // namespace truceline::registry::testing
