#pragma once
// The server's endpoints, one registration function per resource; each
// lives in the api_*.cpp / ogc_*.cpp file of the same name. Every handler
// authorises its caller (RequireRole) before touching state, audits every
// state change, and answers failures in the stable error shape.

#include "server/router.hpp"
#include "server/services.hpp"

namespace truceline::server {

void AddSystemRoutes(Router& router, Services& services);       // /healthz, /metrics, openapi
void AddAuthRoutes(Router& router, Services& services);         // login, logout, me
void AddReportRoutes(Router& router, Services& services);       // /api/v1/reports
void AddIncidentRoutes(Router& router, Services& services);     // /api/v1/incidents…
void AddViolationRoutes(Router& router, Services& services);    // /api/v1/violations
void AddAgreementRoutes(Router& router, Services& services);    // /api/v1/agreements…
void AddDailyReportRoutes(Router& router, Services& services);  // /api/v1/daily-reports…
void AddStreamRoutes(Router& router, Services& services);       // /api/v1/stream (SSE)
void AddStaticRoutes(Router& router, Services& services);       // the web UI and its libraries
void AddAlertRoutes(Router& router, Services& services);        // /api/v1/alerts.atom (CAP)
void AddPlanRoutes(Router& router, Services& services);         // /api/v1/plans…
void AddRegistryRoutes(Router& router, Services& services);     // /api/v1/coalition…, /aid…
// /ogc (OGC API - Features); loads the bundled reference data (its errors).
core::Status AddOgcRoutes(Router& router, Services& services);

// Every route above, in order. Errors: those of AddOgcRoutes.
core::Status AddAllRoutes(Router& router, Services& services);

}  // namespace truceline::server
