// The server end to end: every endpoint over real HTTP, each role's
// allowed and refused actions, sessions and CSRF, token expiry and
// revocation, malformed and oversized bodies, live events.

#include <fstream>
#include <set>
#include <thread>

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "app/audit.hpp"
#include "server/backend.hpp"
#include "server_test_fixture.hpp"

namespace truceline::server::testing {
namespace {

using nlohmann::json;

json Body(const HttpReply& reply) {
  return json::parse(reply.body);
}

void ExpectError(const HttpReply& reply, unsigned status, const std::string& code) {
  EXPECT_EQ(reply.status, status) << reply.body;
  auto body = json::parse(reply.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << reply.body;
  ASSERT_TRUE(body.contains("error")) << reply.body;
  EXPECT_EQ(body["error"]["code"], code) << reply.body;
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_TRUE(body["error"].contains("details"));
}

std::string Lines(const std::string& source, int n, int first_id = 1) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += ReportLine(source, fmt::format("r{}", first_id + i), 48.28 + 0.001 * i, 37.18) + "\n";
  }
  return out;
}

TEST_F(ServerTest, HealthAndMetricsAreOpenAndEveryResponseHasARequestId) {
  HttpReply health = Send(port_, {bhttp::verb::get, "/healthz", "", "", {}});
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(Body(health)["status"], "ok");
  EXPECT_FALSE(health.Header("x-request-id").empty());
  EXPECT_EQ(health.Header("x-content-type-options"), "nosniff");
  HttpReply metrics = Send(port_, {bhttp::verb::get, "/metrics", "", "", {}});
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find("truceline_http_requests_total{route=\"/healthz\""),
            std::string::npos);
  EXPECT_NE(metrics.body.find("# TYPE truceline_http_request_duration_seconds histogram"),
            std::string::npos);
}

TEST_F(ServerTest, UnknownRoutesMethodsAndCredentialsGetTheErrorShape) {
  ExpectError(Send(port_, {bhttp::verb::get, "/api/v1/nothing", "", "", {}}), 404, "not_found");
  HttpReply wrong = Send(port_, {bhttp::verb::delete_, "/api/v1/incidents", "", "", {}});
  ExpectError(wrong, 405, "method_not_allowed");
  EXPECT_EQ(wrong.Header("allow"), "GET");
  ExpectError(Send(port_, {bhttp::verb::get, "/api/v1/incidents", "", "", {}}), 401,
              "unauthenticated");
  ExpectError(Send(port_, {bhttp::verb::get,
                           "/api/v1/incidents",
                           "",
                           "",
                           {{"Authorization", "Bearer tl_1_notthesecret"}}}),
              401, "unauthenticated");
  ExpectError(Send(port_, {bhttp::verb::get,
                           "/api/v1/incidents",
                           "",
                           "",
                           {{"Authorization", "Basic YWxpY2U6cHc="}}}),
              401, "unauthenticated");
  ExpectError(Get("obs", "/api/v1/incidents?bbox=1,2"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents?limit=0"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents?limit=10001"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents?family=cavalry"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents?cursor=zzz"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents?from=%zz"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents/0"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/incidents/999"), 404, "not_found");
}

TEST_F(ServerTest, ABatchIsStoredFusedAndEachBadRecordNamed) {
  std::string body = Lines("osint-1", 3);
  body +=
      R"({"id":"bad1","source":"osint-1","source_kind":"monitor","observed_at":"2025-04-01T10:00:00Z","lat":95,"lon":37,"kind":"artillery"})"
      "\n";
  body += "{not json\n";
  HttpReply reply = PostNdjson("ana", body);
  ASSERT_EQ(reply.status, 207u) << reply.body;
  json summary = Body(reply);
  EXPECT_EQ(summary["accepted"], 3);
  EXPECT_EQ(summary["rejected"], 2);
  EXPECT_EQ(summary["fused"], 3);
  ASSERT_EQ(summary["errors"].size(), 2u);
  EXPECT_EQ(summary["errors"][0]["line"], 4);
  EXPECT_EQ(summary["errors"][0]["field"], "lat");
  EXPECT_EQ(summary["errors"][1]["line"], 5);

  // The same batch again: idempotent.
  HttpReply again = PostNdjson("ana", Lines("osint-1", 3));
  ASSERT_EQ(again.status, 201u) << again.body;
  EXPECT_EQ(Body(again)["duplicates"], 3);

  // A JSON array: positions are the lines.
  std::string array = "[" + ReportLine("osint-1", "a1") + "," + R"({"id":"a2"})" + "]";
  HttpReply mixed = PostJson("ana", "/api/v1/reports", array);
  ASSERT_EQ(mixed.status, 207u) << mixed.body;
  EXPECT_EQ(Body(mixed)["errors"][0]["line"], 2);

  // Every record bad: 422, with the same summary.
  HttpReply none = PostNdjson("ana", "{}\n");
  EXPECT_EQ(none.status, 422u) << none.body;
  EXPECT_EQ(Body(none)["rejected"], 1);

  json incidents = Body(Get("obs", "/api/v1/incidents"));
  EXPECT_GE(incidents["count"].get<int>(), 1);
  json reports = Body(Get("obs", "/api/v1/reports?limit=10000"));
  EXPECT_EQ(reports["count"], 4);
}

TEST_F(ServerTest, OversizedBatchesAndBodiesAndWrongMediaTypesAreRefused) {
  ExpectError(PostNdjson("ana", Lines("osint-1", 10'001)), 413, "payload_too_large");
  std::string huge(5u << 20, ' ');
  ExpectError(PostNdjson("ana", huge), 413, "payload_too_large");
  ExpectError(As("ana", {bhttp::verb::post, "/api/v1/reports", "x", "text/plain", {}}), 415,
              "unsupported_media_type");
  ExpectError(PostJson("ana", "/api/v1/reports", "[1,"), 400, "invalid_argument");
  // Nothing of the refused batches was stored.
  EXPECT_EQ(Body(Get("obs", "/api/v1/reports"))["count"], 0);
  // The server still answers after refusing.
  EXPECT_EQ(Send(port_, {bhttp::verb::get, "/healthz", "", "", {}}).status, 200u);
}

TEST_F(ServerTest, MonitorsAndSensorsSubmitOnlyAsThemselves) {
  EXPECT_EQ(PostNdjson("mon", ReportLine("mon", "m1") + "\n").status, 201u);
  HttpReply other = PostNdjson("mon", ReportLine("osint-9", "x1") + "\n");
  EXPECT_EQ(other.status, 422u);
  EXPECT_EQ(Body(other)["errors"][0]["field"], "source");
  EXPECT_EQ(PostNdjson("sen", ReportLine("sen", "s1", 48.5, 37.5) + "\n").status, 201u);
  EXPECT_EQ(PostNdjson("ana", ReportLine("osint-2", "o1", 47.0, 35.0) + "\n").status, 201u);

  json own = Body(Get("mon", "/api/v1/reports"));
  ASSERT_EQ(own["count"], 1);
  EXPECT_EQ(own["reports"][0]["source"], "mon");
  ExpectError(Get("mon", "/api/v1/reports?source=osint-2"), 403, "forbidden");
  EXPECT_EQ(Body(Get("obs", "/api/v1/reports"))["count"], 3);
  ExpectError(Get("sen", "/api/v1/reports"), 403, "forbidden");
  ExpectError(Get("sen", "/api/v1/incidents"), 403, "forbidden");
  ExpectError(Get("mon", "/api/v1/incidents"), 403, "forbidden");
  ExpectError(PostNdjson("obs", Lines("obs", 1)), 403, "forbidden");
  ExpectError(PostNdjson("coord", Lines("coord", 1)), 403, "forbidden");
}

TEST_F(ServerTest, EachRoleIsAllowedOrRefusedEveryAction) {
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 2)).status, 201u);
  const std::string agreement_path =
      std::string(TRUCELINE_SOURCE_DIR) + "/data/agreements/example-2025.json";
  std::ifstream in(agreement_path);
  std::string agreement((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  struct Case {
    bhttp::verb method;
    std::string target;
    std::string body;
    std::set<std::string> allowed;
  };
  const std::set<std::string> readers = {"admin", "coord", "ana", "obs"};
  const std::vector<Case> cases = {
      {bhttp::verb::get, "/api/v1/incidents", "", readers},
      {bhttp::verb::get, "/api/v1/incidents/clusters", "", readers},
      {bhttp::verb::get, "/api/v1/incidents/1", "", readers},
      {bhttp::verb::get, "/api/v1/violations", "", readers},
      {bhttp::verb::get, "/api/v1/alerts.atom", "", readers},
      {bhttp::verb::get, "/ogc/collections/incidents/items", "", readers},
      {bhttp::verb::get, "/api/v1/reports", "", {"admin", "coord", "ana", "obs", "mon"}},
      {bhttp::verb::post, "/api/v1/agreements", agreement, {"admin", "coord"}},
      {bhttp::verb::post,
       "/api/v1/incidents/1/review",
       R"({"status":"verified","reason":"footage geolocated"})",
       {"admin", "ana"}},
      {bhttp::verb::post,
       "/api/v1/daily-reports",
       R"({"date":"2025-04-01"})",
       {"admin", "coord", "ana"}},
  };
  for (const Case& c : cases) {
    for (const std::string user : {"admin", "coord", "ana", "mon", "sen", "obs"}) {
      HttpReply reply =
          As(user, {c.method, c.target, c.body, c.body.empty() ? "" : "application/json", {}});
      if (c.allowed.contains(user)) {
        EXPECT_LT(reply.status, 300u) << user << " " << c.target << ": " << reply.body;
      } else {
        EXPECT_EQ(reply.status, 403u) << user << " " << c.target << ": " << reply.body;
      }
    }
  }
  // Without credentials: 401 everywhere but the public reference data.
  for (const Case& c : cases) {
    HttpReply reply = Send(port_, {c.method, c.target, c.body, "application/json", {}});
    EXPECT_EQ(reply.status, 401u) << c.target;
  }
  EXPECT_EQ(Send(port_, {bhttp::verb::get, "/ogc/collections/oblasts/items", "", "", {}}).status,
            200u);
}

TEST_F(ServerTest, AReviewIsKeptAuditedAndPublished) {
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 1)).status, 201u);
  json list = Body(Get("obs", "/api/v1/incidents"));
  ASSERT_EQ(list["count"], 1);
  const int id = list["incidents"][0]["id"];
  const std::string target = fmt::format("/api/v1/incidents/{}/review", id);
  ExpectError(PostJson("ana", target, R"({"status":"corroborated","reason":"x"})"), 400,
              "invalid_argument");
  ExpectError(PostJson("ana", target, R"({"status":"verified"})"), 400, "invalid_argument");
  ExpectError(PostJson("ana", target, "{"), 400, "invalid_argument");
  ExpectError(PostJson("ana", target,
                       R"({"status":"verified","reason":")" + std::string(2001, 'x') + "\"}"),
              400, "invalid_argument");
  HttpReply done = PostJson("ana", target, R"({"status":"verified","reason":"footage"})");
  ASSERT_EQ(done.status, 200u) << done.body;
  json incident = Body(Get("obs", fmt::format("/api/v1/incidents/{}", id)));
  EXPECT_EQ(incident["status"], "verified");
  EXPECT_EQ(incident["review"]["analyst"], "ana");
  ASSERT_EQ(incident["reports"].size(), 1u);
  EXPECT_EQ(incident["reports"][0]["source"], "osint-1");

  // The audit trail has the submission and the review, and verifies.
  auto store = app::OpenAccountStore(db_);
  ASSERT_TRUE(store.ok());
  app::AuditTrail audit(**store, clock_);
  std::vector<std::string> actions;
  ASSERT_TRUE(audit
                  .Scan(0, 1000,
                        [&](const app::AuditEntry& e) {
                          if (e.actor == "ana") actions.push_back(e.action);
                          return true;
                        })
                  .ok());
  EXPECT_EQ(actions, (std::vector<std::string>{"reports.submit", "incident.review"}));
  auto verified = audit.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST_F(ServerTest, AnalystsMergeIncidentsWithAReasonAuditedAndInTheHistory) {
  // Four incidents, far apart.
  std::string body;
  for (int i = 0; i < 4; ++i)
    body += ReportLine("osint-1", fmt::format("m{}", i), 46.0 + i, 33.0 + i) + "\n";
  ASSERT_EQ(PostNdjson("ana", body).status, 201u);
  ASSERT_EQ(Body(Get("obs", "/api/v1/incidents"))["count"], 4);
  const std::string merge =
      R"({"with":2,"reason":"one shelling, two reports of the crater field"})";
  for (const std::string user : {"coord", "mon", "sen", "obs"})
    ExpectError(PostJson(user, "/api/v1/incidents/1/merge", merge), 403, "forbidden");
  ExpectError(
      Send(port_, {bhttp::verb::post, "/api/v1/incidents/1/merge", merge, "application/json", {}}),
      401, "unauthenticated");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/merge", R"({"with":2})"), 400,
              "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/merge", R"({"with":"2","reason":"x"})"), 400,
              "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/merge",
                       R"({"with":2,"reason":")" + std::string(2001, 'x') + "\"}"),
              400, "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/merge", R"({"with":1,"reason":"x"})"), 400,
              "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/77/merge", merge), 404, "not_found");

  HttpReply done =
      PostJson("ana", "/api/v1/incidents/2/merge",
               R"({"with":1,"reason":"one shelling, two reports of the crater field"})");
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(Body(done)["id"], 1);
  EXPECT_EQ(Body(done)["absorbed"], 2);
  EXPECT_EQ(Body(done)["report_count"], 2);
  ASSERT_EQ(PostJson("admin", "/api/v1/incidents/3/merge", R"({"with":4,"reason":"same"})").status,
            200u);
  EXPECT_EQ(Body(Get("obs", "/api/v1/incidents"))["count"], 2);

  // The old id answers with the merged incident; its history has the merge
  // with who and why.
  json incident = Body(Get("obs", "/api/v1/incidents/2"));
  EXPECT_EQ(incident["id"], 1);
  EXPECT_EQ(incident["merged_from"], 2);
  EXPECT_EQ(incident["reports"].size(), 2u);
  ASSERT_EQ(incident["history"].size(), 1u);
  EXPECT_EQ(incident["history"][0]["event"], "merged");
  EXPECT_EQ(incident["history"][0]["detail"]["by"], "ana");
  EXPECT_EQ(incident["history"][0]["detail"]["reason"],
            "one shelling, two reports of the crater field");

  // The server's own tracker goes on from the merged incidents: a report
  // next to the absorbed one joins incident 1.
  ASSERT_EQ(PostNdjson("ana", ReportLine("osint-2", "m9", 47.0, 34.0) + "\n").status, 201u);
  EXPECT_EQ(Body(Get("obs", "/api/v1/incidents"))["count"], 2);
  EXPECT_EQ(Body(Get("obs", "/api/v1/incidents/1"))["report_count"], 3);

  auto store = app::OpenAccountStore(db_);
  ASSERT_TRUE(store.ok());
  app::AuditTrail audit(**store, clock_);
  std::vector<std::string> merges;
  ASSERT_TRUE(audit
                  .Scan(0, 1000,
                        [&](const app::AuditEntry& e) {
                          if (e.action == "incident.merge") {
                            merges.push_back(e.actor + " " + e.target);
                            EXPECT_NE(e.detail.find("\"reason\":"), std::string::npos);
                          }
                          return true;
                        })
                  .ok());
  EXPECT_EQ(merges, (std::vector<std::string>{"ana incident/1", "admin incident/3"}));
  auto verified = audit.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST_F(ServerTest, AMergeFromABrowserSessionNeedsTheCsrfTokenAndIsPublished) {
  std::string body;
  for (int i = 0; i < 2; ++i)
    body += ReportLine("osint-1", fmt::format("m{}", i), 46.0 + i, 33.0 + i) + "\n";
  ASSERT_EQ(PostNdjson("ana", body).status, 201u);
  const auto [cookie, csrf] = LogIn("ana");

  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  std::string request = fmt::format(
      "GET /api/v1/stream?types=merge HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer {}\r\n\r\n",
      tokens_["obs"]);
  net::write(stream.socket(), net::buffer(request));
  std::string received;
  net::read_until(stream.socket(), net::dynamic_buffer(received), "\r\n\r\n");

  const std::string merge = R"({"with":2,"reason":"one event"})";
  ExpectError(Send(port_, {bhttp::verb::post,
                           "/api/v1/incidents/1/merge",
                           merge,
                           "application/json",
                           {{"Cookie", cookie}}}),
              403, "csrf");
  HttpReply ok = Send(port_, {bhttp::verb::post,
                              "/api/v1/incidents/1/merge",
                              merge,
                              "application/json",
                              {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}});
  EXPECT_EQ(ok.status, 200u) << ok.body;
  net::read_until(stream.socket(), net::dynamic_buffer(received), "}\n\n");
  EXPECT_NE(received.find("event: merge"), std::string::npos) << received;
  EXPECT_NE(received.find(R"("absorbed":2)"), std::string::npos) << received;
}

TEST_F(ServerTest, AnalystsSplitAnIncidentAndFusionKeepsThePartsApart) {
  // Three reports 900 m apart in a chain: one incident.
  std::string body;
  for (int i = 0; i < 3; ++i)
    body += ReportLine("osint-1", fmt::format("s{}", i), 48.28 + 0.008 * i, 37.18) + "\n";
  ASSERT_EQ(PostNdjson("ana", body).status, 201u);
  ASSERT_EQ(Body(Get("obs", "/api/v1/incidents"))["count"], 1);
  const std::string split =
      R"({"reports":[{"source":"osint-1","id":"s2"}],"reason":"a second salvo on the footage"})";
  for (const std::string user : {"coord", "mon", "sen", "obs"})
    ExpectError(PostJson(user, "/api/v1/incidents/1/split", split), 403, "forbidden");
  ExpectError(
      Send(port_, {bhttp::verb::post, "/api/v1/incidents/1/split", split, "application/json", {}}),
      401, "unauthenticated");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/split", R"({"reports":[],"reason":"x"})"), 400,
              "invalid_argument");
  ExpectError(
      PostJson("ana", "/api/v1/incidents/1/split",
               R"({"reports":[{"source":"osint-1","id":"s0"},{"source":"osint-1","id":"s1"},)"
               R"({"source":"osint-1","id":"s2"}],"reason":"x"})"),
      400, "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/split",
                       R"({"reports":[{"source":"osint-1","id":"zz"}],"reason":"x"})"),
              400, "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/1/split",
                       R"({"reports":[{"source":"osint-1","id":"s2"}]})"),
              400, "invalid_argument");
  ExpectError(PostJson("ana", "/api/v1/incidents/9/split", split), 404, "not_found");

  HttpReply done = PostJson("ana", "/api/v1/incidents/1/split", split);
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(Body(done)["incident"]["id"], 1);
  EXPECT_EQ(Body(done)["incident"]["report_count"], 2);
  const int off = Body(done)["split_off"]["id"];
  EXPECT_EQ(Body(done)["split_off"]["report_count"], 1);

  // A report between the parts reaches both, as near in time to each: it
  // joins the smaller id, and the parts stay two incidents.
  ASSERT_EQ(
      PostNdjson("ana", ReportLine("osint-2", "s9", 48.292, 37.18, "2025-04-01T10:00:30Z") + "\n")
          .status,
      201u);
  EXPECT_EQ(Body(Get("obs", "/api/v1/incidents"))["count"], 2);
  EXPECT_EQ(Body(Get("obs", "/api/v1/incidents/1"))["report_count"], 3);

  json incident = Body(Get("obs", fmt::format("/api/v1/incidents/{}", off)));
  ASSERT_FALSE(incident["history"].empty());
  EXPECT_EQ(incident["history"][0]["event"], "split");
  EXPECT_EQ(incident["history"][0]["detail"]["split_from"], 1);
  EXPECT_EQ(incident["history"][0]["detail"]["by"], "ana");
  EXPECT_EQ(incident["history"][0]["detail"]["reason"], "a second salvo on the footage");

  auto store = app::OpenAccountStore(db_);
  ASSERT_TRUE(store.ok());
  app::AuditTrail audit(**store, clock_);
  int splits = 0;
  ASSERT_TRUE(audit
                  .Scan(0, 1000,
                        [&](const app::AuditEntry& e) {
                          if (e.action == "incident.split") {
                            ++splits;
                            EXPECT_EQ(e.actor, "ana");
                            EXPECT_EQ(e.target, "incident/1");
                          }
                          return true;
                        })
                  .ok());
  EXPECT_EQ(splits, 1);
  auto verified = audit.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST_F(ServerTest, AnAgreementIsActivatedAndInvalidOnesNameEveryProblem) {
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 2)).status, 201u);
  ExpectError(PostJson("coord", "/api/v1/agreements", R"({"id":"x"})"), 422, "invalid_agreement");
  ExpectError(Get("obs", "/api/v1/agreements/active"), 404, "not_found");
  std::ifstream in(std::string(TRUCELINE_SOURCE_DIR) + "/data/agreements/example-2025.json");
  std::string agreement((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  HttpReply activated = PostJson("coord", "/api/v1/agreements", agreement);
  ASSERT_EQ(activated.status, 201u) << activated.body;
  EXPECT_EQ(Body(activated)["incidents_evaluated"], 1);
  json active = Body(Get("obs", "/api/v1/agreements/active"));
  EXPECT_EQ(active["version"], 1);
  EXPECT_EQ(active["loaded_by"], "coord");
  // Reports near the line now violate the ceasefire, found as they fuse
  // (a new incident: another place on the line).
  ASSERT_EQ(PostNdjson("ana", ReportLine("osint-3", "n1", 48.60, 37.95) + "\n").status, 201u);
  json violations = Body(Get("obs", "/api/v1/violations?limit=1"));
  ASSERT_EQ(violations["count"], 1);
  ASSERT_TRUE(violations["next_cursor"].is_string());
  json next = Body(Get(
      "obs", "/api/v1/violations?limit=1&cursor=" + violations["next_cursor"].get<std::string>()));
  EXPECT_NE(next["violations"][0], violations["violations"][0]);
}

TEST_F(ServerTest, IncidentPagesFollowCursorsAndClustersCountEveryIncident) {
  std::string body;
  for (int i = 0; i < 5; ++i) {
    body += ReportLine("osint-1", fmt::format("p{}", i), 46.0 + i, 33.0 + i) + "\n";
  }
  ASSERT_EQ(PostNdjson("ana", body).status, 201u);
  std::set<int> seen;
  std::string cursor;
  int pages = 0;
  do {
    json page =
        Body(Get("obs", "/api/v1/incidents?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& incident : page["incidents"])
      seen.insert(incident["id"].get<int>());
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
  json clusters = Body(Get("obs", "/api/v1/incidents/clusters?cell=2"));
  EXPECT_EQ(clusters["total"], 5);
  json boxed = Body(Get("obs", "/api/v1/incidents?bbox=32.5,45.5,34.5,47.5"));
  EXPECT_EQ(boxed["count"], 2);
}

TEST_F(ServerTest, BrowserSessionsNeedTheirCsrfTokenForChanges) {
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 1)).status, 201u);
  HttpReply bad = Send(port_, {bhttp::verb::post,
                               "/api/v1/login",
                               R"({"name":"ana","password":"wrong password!!"})",
                               "application/json",
                               {}});
  ExpectError(bad, 401, "unauthenticated");
  HttpReply unknown = Send(port_, {bhttp::verb::post,
                                   "/api/v1/login",
                                   R"({"name":"nobody","password":"wrong password!!"})",
                                   "application/json",
                                   {}});
  EXPECT_EQ(Body(unknown)["error"]["message"], Body(bad)["error"]["message"]);

  HttpReply login = Send(port_, {bhttp::verb::post,
                                 "/api/v1/login",
                                 fmt::format(R"({{"name":"ana","password":"{}"}})", kPassword),
                                 "application/json",
                                 {}});
  ASSERT_EQ(login.status, 200u) << login.body;
  const std::string set_cookie = login.Header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("Secure"), std::string::npos);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = Body(login)["csrf_token"];
  ASSERT_FALSE(csrf.empty());

  HttpReply me = Send(port_, {bhttp::verb::get, "/api/v1/me", "", "", {{"Cookie", cookie}}});
  ASSERT_EQ(me.status, 200u);
  EXPECT_EQ(Body(me)["role"], "analyst");
  EXPECT_EQ(Body(me)["csrf_token"], csrf);

  const std::string review = R"({"status":"rejected","reason":"duplicate of a drill"})";
  ExpectError(Send(port_, {bhttp::verb::post,
                           "/api/v1/incidents/1/review",
                           review,
                           "application/json",
                           {{"Cookie", cookie}}}),
              403, "csrf");
  ExpectError(Send(port_, {bhttp::verb::post,
                           "/api/v1/incidents/1/review",
                           review,
                           "application/json",
                           {{"Cookie", cookie}, {"X-CSRF-Token", "forged"}}}),
              403, "csrf");
  HttpReply ok = Send(port_, {bhttp::verb::post,
                              "/api/v1/incidents/1/review",
                              review,
                              "application/json",
                              {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}});
  EXPECT_EQ(ok.status, 200u) << ok.body;

  HttpReply out = Send(
      port_,
      {bhttp::verb::post, "/api/v1/logout", "", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}});
  EXPECT_EQ(out.status, 200u);
  ExpectError(Send(port_, {bhttp::verb::get, "/api/v1/me", "", "", {{"Cookie", cookie}}}), 401,
              "unauthenticated");
}

TEST_F(ServerTest, RepeatedFailedLoginsAreSlowedDown) {
  for (int i = 0; i < 10; ++i) {
    HttpReply r = Send(port_, {bhttp::verb::post,
                               "/api/v1/login",
                               R"({"name":"obs","password":"guess guess guess"})",
                               "application/json",
                               {}});
    ASSERT_EQ(r.status, 401u);
  }
  HttpReply limited = Send(port_, {bhttp::verb::post,
                                   "/api/v1/login",
                                   fmt::format(R"({{"name":"obs","password":"{}"}})", kPassword),
                                   "application/json",
                                   {}});
  ExpectError(limited, 429, "rate_limited");
  EXPECT_FALSE(limited.Header("retry-after").empty());
}

// Changes made by another process (here, another connection, as the CLI
// makes them) reach the server's cached authentications within
// Backend::kExternalWriteLag.
void WaitForAnotherProcessesChange() {
  std::this_thread::sleep_for(Backend::kExternalWriteLag + std::chrono::milliseconds(20));
}

TEST_F(ServerTest, TokensStopWorkingWhenTheyExpireOrAreRevoked) {
  // Twice: the second answer comes from the cache of authentications.
  EXPECT_EQ(Get("obs", "/api/v1/incidents").status, 200u);
  EXPECT_EQ(Get("obs", "/api/v1/incidents").status, 200u);
  {
    auto store = app::OpenAccountStore(db_);
    ASSERT_TRUE(store.ok());
    app::AccountService accounts(**store, clock_);
    ASSERT_TRUE(accounts.RevokeToken({"obs", app::Role::kObserver}, token_ids_["obs"]).ok());
  }
  WaitForAnotherProcessesChange();
  ExpectError(Get("obs", "/api/v1/incidents"), 401, "unauthenticated");
  EXPECT_EQ(Get("ana", "/api/v1/incidents").status, 200u);
  clock_.Advance(std::chrono::hours(25));
  ExpectError(Get("ana", "/api/v1/incidents"), 401, "unauthenticated");
}

// "Basic base64(user:secret)".
std::string BasicAuthorization(const std::string& user, const std::string& secret) {
  const std::string plain = user + ":" + secret;
  std::string encoded(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded.find('\0'));
  return "Basic " + encoded;
}

TEST_F(ServerTest, GisClientsMayPresentATokenAsABasicPasswordButNeverAPassword) {
  auto get = [&](const std::string& authorization) {
    return Send(port_, {bhttp::verb::get,
                        "/ogc/collections/incidents/items?limit=5",
                        "",
                        "",
                        {{"Authorization", authorization}}});
  };
  EXPECT_EQ(get(BasicAuthorization("obs", tokens_["obs"])).status, 200u);
  ExpectError(get(BasicAuthorization("ana", tokens_["obs"])), 401, "unauthenticated");
  ExpectError(get(BasicAuthorization("obs", kPassword)), 401, "unauthenticated");
  ExpectError(get(BasicAuthorization("", tokens_["obs"])), 401, "unauthenticated");
  ExpectError(get("Basic not*base64"), 401, "unauthenticated");
  ExpectError(get("Digest obs"), 401, "unauthenticated");
}

TEST_F(ServerTest, DisablingAUserStopsTheirTokensAndSessions) {
  const auto [cookie, csrf] = LogIn("ana");
  EXPECT_EQ(Get("ana", "/api/v1/incidents").status, 200u);
  EXPECT_EQ(Send(port_, {bhttp::verb::get, "/api/v1/me", "", "", {{"Cookie", cookie}}}).status,
            200u);
  {
    auto store = app::OpenAccountStore(db_);
    ASSERT_TRUE(store.ok());
    app::AccountService accounts(**store, clock_);
    ASSERT_TRUE(accounts.SetUserDisabled({"admin", app::Role::kAdmin}, "ana", true).ok());
  }
  WaitForAnotherProcessesChange();
  ExpectError(Get("ana", "/api/v1/incidents"), 401, "unauthenticated");
  ExpectError(Send(port_, {bhttp::verb::get, "/api/v1/me", "", "", {{"Cookie", cookie}}}), 401,
              "unauthenticated");
  EXPECT_EQ(Get("obs", "/api/v1/incidents").status, 200u);
}

TEST_F(ServerTest, DailyReportsAreGeneratedAndFetchedButNoPathEscapes) {
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 3)).status, 201u);
  ExpectError(Get("obs", "/api/v1/daily-reports/2025-04-01/report.json"), 404, "not_found");
  HttpReply made = PostJson("ana", "/api/v1/daily-reports", R"({"date":"2025-04-01"})");
  ASSERT_EQ(made.status, 201u) << made.body;
  HttpReply report = Get("obs", "/api/v1/daily-reports/2025-04-01/report.json");
  ASSERT_EQ(report.status, 200u);
  EXPECT_EQ(Body(report)["summary"]["reports"]["day"], 3);
  HttpReply pdf = Get("obs", "/api/v1/daily-reports/2025-04-01/report.pdf");
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  ExpectError(PostJson("ana", "/api/v1/daily-reports", R"({"date":"../../etc"})"), 400,
              "invalid_argument");
  EXPECT_EQ(Get("obs", "/api/v1/daily-reports/..%2F..%2Fetc/passwd").status, 404u);
  EXPECT_EQ(Get("obs", "/api/v1/daily-reports/..%2F/report.json").status, 400u);
  EXPECT_EQ(Get("obs", "/api/v1/daily-reports/2025-04-01/..%2F..%2Ft.db").status, 404u);
  EXPECT_EQ(Send(port_, {bhttp::verb::get, "/web/..%2F..%2FCMakeLists.txt", "", "", {}}).status,
            404u);
}

TEST_F(ServerTest, TheStreamCarriesNewIncidentsAsTheyAreFused) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  std::string request = fmt::format(
      "GET /api/v1/stream?types=incident HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer {}\r\n\r\n",
      tokens_["obs"]);
  net::write(stream.socket(), net::buffer(request));
  std::string received;
  net::read_until(stream.socket(), net::dynamic_buffer(received), "\r\n\r\n");
  EXPECT_NE(received.find("text/event-stream"), std::string::npos) << received;
  // The subscription exists once the head is written; now fuse something.
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 1)).status, 201u);
  net::read_until(stream.socket(), net::dynamic_buffer(received), "}\n\n");
  EXPECT_NE(received.find("event: incident"), std::string::npos) << received;
  EXPECT_NE(received.find("\"family\":\"indirect_fire\""), std::string::npos) << received;
  EXPECT_NE(Send(port_, {bhttp::verb::get, "/metrics", "", "", {}})
                .body.find("\ntruceline_stream_clients 1\n"),
            std::string::npos);
  ExpectError(Get("obs", "/api/v1/stream?types=gossip"), 400, "invalid_argument");
}

TEST_F(ServerTest, OgcApiFeaturesServesEveryCollection) {
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 3)).status, 201u);
  json landing = Body(Send(port_, {bhttp::verb::get, "/ogc", "", "", {}}));
  EXPECT_EQ(landing["links"].size(), 4u);
  json conformance = Body(Send(port_, {bhttp::verb::get, "/ogc/conformance", "", "", {}}));
  EXPECT_EQ(conformance["conformsTo"].size(), 2u);
  json collections = Body(Send(port_, {bhttp::verb::get, "/ogc/collections", "", "", {}}));
  std::set<std::string> ids;
  for (const auto& c : collections["collections"])
    ids.insert(c["id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"incidents", "violations", "reports", "assets",
                                        "line-of-contact", "oblasts"}));
  HttpReply oblasts =
      Send(port_, {bhttp::verb::get, "/ogc/collections/oblasts/items?limit=10", "", "", {}});
  EXPECT_EQ(oblasts.Header("content-type"), "application/geo+json");
  json page = Body(oblasts);
  EXPECT_EQ(page["numberMatched"], 27);
  EXPECT_EQ(page["numberReturned"], 10);
  bool has_next = false;
  for (const auto& link : page["links"])
    has_next |= link["rel"] == "next";
  EXPECT_TRUE(has_next);
  json incidents = Body(Get(
      "obs", "/ogc/collections/incidents/items?bbox=30,40,40,50&datetime=2025-04-01T00:00:00Z/.."));
  EXPECT_EQ(incidents["type"], "FeatureCollection");
  EXPECT_GE(incidents["numberReturned"].get<int>(), 1);
  EXPECT_EQ(incidents["features"][0]["geometry"]["type"], "Point");
  json reports = Body(Get("obs", "/ogc/collections/reports/items?limit=2"));
  EXPECT_EQ(reports["numberReturned"], 2);
  ExpectError(Send(port_, {bhttp::verb::get, "/ogc/collections/nothing/items", "", "", {}}), 404,
              "not_found");
  ExpectError(Get("obs", "/ogc/collections/incidents/items?datetime=2025-05-01/2025-04-01"), 400,
              "invalid_argument");
}

TEST_F(ServerTest, ViolationsBecomeCapAlertsInTheAtomFeed) {
  std::ifstream in(std::string(TRUCELINE_SOURCE_DIR) + "/data/agreements/example-2025.json");
  std::string agreement((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(PostJson("coord", "/api/v1/agreements", agreement).status, 201u);
  ASSERT_EQ(PostNdjson("ana", Lines("osint-1", 2)).status, 201u);
  const uint64_t violations = Body(Get("obs", "/api/v1/violations"))["count"];
  ASSERT_GE(violations, 1u);
  HttpReply feed = Get("obs", "/api/v1/alerts.atom");
  ASSERT_EQ(feed.status, 200u);
  EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8");
  size_t entries = 0, alerts = 0;
  for (size_t at = 0; (at = feed.body.find("<entry>", at)) != std::string::npos; ++at)
    ++entries;
  const std::string cap = R"(<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">)";
  for (size_t at = 0; (at = feed.body.find(cap, at)) != std::string::npos; ++at)
    ++alerts;
  EXPECT_EQ(entries, violations);
  EXPECT_EQ(alerts, violations);
  EXPECT_EQ(feed.body.find("Z</sent>"), std::string::npos) << "CAP times carry an offset";
}

TEST_F(ServerTest, StopAnswersTheRequestsInFlightAndClosesIdleConnections) {
  net::io_context ioc;
  beast::tcp_stream idle(ioc);
  idle.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  StopServer();  // returns only when Run has returned
  beast::error_code ec;
  char byte;
  idle.socket().read_some(net::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec) << "the idle connection was closed";
}

}  // namespace
}  // namespace truceline::server::testing
