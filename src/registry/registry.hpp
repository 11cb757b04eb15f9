#pragma once
// The coalition registry: who is willing to do what, under which conditions,
// what was pledged and delivered, and which meetings decided what, each fact
// with its citations. Pure model, validation and as-of logic: no I/O, no clock.
//
// History is kept: a later position does not erase an earlier one; the
// picture on a date D (PictureAsOf) is built from the facts dated on or
// before D, the latest position per (nation, scope) being the current one.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace truceline::registry {

// A calendar date (UTC), e.g. 2025-03-27.
using Date = std::chrono::sys_days;

// Parses "YYYY-MM-DD" (a real calendar date); nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
// "YYYY-MM-DD".
std::string FormatDate(Date date);

enum class Stance {
  kWilling,
  kConsidering,
  kConditional,
  kNonCombatOnly,
  kSupportOnly,
  kOpposed,
  kDeclined,
};

enum class Condition {
  kPostCeasefireOnly,
  kRequiresHostRequest,
  kRequiresNationalApproval,
  kRequiresUsBackstop,
  kRequiresConsultationRole,
  kNoCombatRole,
  kTransitOnly,
};

// What a pledge, an aid item or a delivery is about.
enum class Category {
  kTroops,
  kAircraft,
  kShips,
  kAirDefence,
  kTraining,
  kFunds,
  kEquipment,
};

// A pledge moves forward only: announced → confirmed → delivered.
enum class PledgeStatus { kAnnounced, kConfirmed, kDelivered };

// Where a fact's date comes from: given for the fact by the report
// ("stated"), the date of the report that carries it ("report"), or worked
// out from the report's wording ("derived", explained in a date note).
enum class DateBasis { kStated, kReport, kDerived };

// Stable snake_case wire names ("non_combat_only", "requires_host_request",
// "air_defence", "announced", "derived") and their parsers (nullopt when unknown).
std::string_view StanceName(Stance v);
std::string_view ConditionName(Condition v);
std::string_view CategoryName(Category v);
std::string_view PledgeStatusName(PledgeStatus v);
std::string_view DateBasisName(DateBasis v);
std::optional<Stance> ParseStance(std::string_view text);
std::optional<Condition> ParseCondition(std::string_view text);
std::optional<Category> ParseCategory(std::string_view text);
std::optional<PledgeStatus> ParsePledgeStatus(std::string_view text);
std::optional<DateBasis> ParseDateBasis(std::string_view text);
// Every wire name of an enumeration, comma-separated, for error messages.
std::string StanceNames();
std::string ConditionNames();
std::string CategoryNames();

// A report the registry is transcribed from.
struct Source {
  std::string id;  // e.g. the report file's name stem "001_f559e5c4a98b4975"
  Date date{};
  DateBasis date_basis = DateBasis::kStated;
  std::string date_note;
  std::vector<std::string> outlets;  // outlets the report names
  std::string title;
};

// Where a fact was reported: the report, its date (filled in from the
// source list), the outlet the report names for the fact if any, and a
// short verbatim quote (at most kMaxQuoteWords words).
struct Citation {
  std::string source;
  Date report_date{};
  std::string outlet;
  std::string quote;
};
inline constexpr size_t kMaxQuoteWords = 30;

struct Nation {
  std::string iso2;  // ISO 3166-1 alpha-2, e.g. "FR"
  std::string iso3;  // ISO 3166-1 alpha-3, e.g. "FRA"
  std::string name;
  bool eu = false;    // member of the European Union (as of the registry's date)
  bool nato = false;  // member of NATO
  std::vector<Citation> citations;
};

// What a position is about, e.g. "post_ceasefire_force".
struct Scope {
  std::string id;
  std::string text;
};

struct Position {
  std::string id;
  std::string nation;  // iso2
  std::string scope;   // Scope::id
  Stance stance = Stance::kWilling;
  std::vector<Condition> conditions;
  std::string condition_text;  // conditions in words, as reported
  std::string stated_by;
  Date date{};  // holds from
  DateBasis date_basis = DateBasis::kReport;
  std::string date_note;
  std::string notes;
  std::vector<Citation> citations;
};

// A number as reported: an exact value, a range (min and/or max), or
// neither when the report gives no figure; `as_reported` keeps the words.
struct Quantity {
  std::optional<double> value;
  std::optional<double> min;
  std::optional<double> max;
  std::string unit;
  std::string as_reported;
};

struct StatusChange {
  PledgeStatus status = PledgeStatus::kAnnounced;
  Date date{};
  DateBasis date_basis = DateBasis::kReport;
  std::vector<Citation> citations;
};

struct Pledge {
  std::string id;
  std::string nation;  // iso2
  Category category = Category::kTroops;
  Quantity quantity;
  std::string description;
  std::string package;                // AidPackage::id, if the pledge is one
  std::vector<StatusChange> history;  // oldest first; never empty
  std::vector<Citation> citations;
};

// A later status of a pledge recorded after the pledge itself (an additions
// document's `pledge_updates`), e.g. "confirmed on 2025-04-10". It joins the
// end of the pledge's history (FoldPledgeUpdates); the pledge is never
// rewritten. Unlike a status in a pledge's own history, it needs citations.
struct PledgeUpdate {
  std::string pledge;  // Pledge::id
  StatusChange change;
};

// A meeting participant: a nation (iso2) or an organisation ("NATO", "EU").
struct Participant {
  std::string nation;
  std::string organisation;
  std::string role;
  std::vector<Citation> citations;
};

struct Decision {
  std::string id;
  std::string text;
  std::vector<std::string> items;  // e.g. the three pillars, the monitoring options
  std::vector<Citation> citations;
};

struct Meeting {
  std::string id;
  Date date{};
  DateBasis date_basis = DateBasis::kStated;
  std::string date_note;
  std::string format;  // "summit", "virtual", "not reported"
  std::string location;
  std::string host;                   // iso2, or empty when not reported
  std::string participants_reported;  // the reports' own count, in words
  std::vector<Participant> participants;
  std::vector<Decision> decisions;
  std::vector<Citation> citations;
};

// Something said that is not a nation's position, a pledge or a meeting
// decision, e.g. "several thousand troops each".
struct Statement {
  std::string id;
  Date date{};
  DateBasis date_basis = DateBasis::kReport;
  std::string speaker;  // iso2 of the speaker's nation, or empty
  std::string speaker_name;
  std::string topic;
  std::string text;
  std::optional<Quantity> quantity;
  std::vector<Citation> citations;
};

struct AidItem {
  Category category = Category::kEquipment;
  std::string item;
  Quantity quantity;
};

struct AidPackage {
  std::string id;
  std::string donor;  // iso2
  Date date{};
  DateBasis date_basis = DateBasis::kReport;
  Quantity value;  // money value (unit: currency code)
  std::vector<AidItem> items;
  std::vector<Citation> citations;
};

// A delivery against a package: `quantity.value` of `category` (and item).
struct Delivery {
  std::string id;
  std::string package;  // AidPackage::id
  Date date{};
  DateBasis date_basis = DateBasis::kReport;
  Category category = Category::kEquipment;
  std::string item;
  Quantity quantity;
  std::vector<Citation> citations;
};

struct Claim {
  std::string text;
  std::vector<Citation> citations;
};

// Two or more reports that differ about the same thing. Both are kept;
// the facts named in `subjects` (ids of positions, meetings, decisions,
// statements, pledges) are flagged.
struct Conflict {
  std::string id;
  std::string topic;
  std::string note;
  std::vector<std::string> subjects;
  std::vector<Claim> claims;
};

struct Registry {
  std::string id;
  std::string title;
  Date as_of{};  // the record's date: no fact may be dated after it
  std::vector<std::string> notes;
  std::vector<Source> sources;
  std::vector<Nation> nations;
  std::vector<Scope> scopes;
  std::vector<Position> positions;
  std::vector<Pledge> pledges;
  std::vector<Meeting> meetings;
  std::vector<Statement> statements;
  std::vector<AidPackage> aid_packages;
  std::vector<Delivery> deliveries;
  std::vector<Conflict> conflicts;
  // Statuses recorded after their pledges, in the order recorded, not yet
  // folded into the pledges' histories (see FoldPledgeUpdates).
  std::vector<PledgeUpdate> pledge_updates;
};

// One thing wrong with a registry: where (a JSON path such as
// "$.positions[3].nation") and why.
struct Issue {
  std::string path;
  std::string reason;
};

// Checks a registry as a whole: unique ids; well-formed ISO codes; every
// nation, scope, source, package and conflict subject referred to exists;
// at least one citation on every fact, each with a source and a non-empty
// quote of at most kMaxQuoteWords words; no negative quantity and min <= max;
// no date after `as_of`; pledge histories in order. Each pledge update, in
// order, names a listed pledge, moves its status forward (announced,
// confirmed, delivered: no repeat, no step back; a step may be skipped), is
// dated on or after the pledge's latest status so far and not after `as_of`,
// and has valid citations. Fills each citation's report_date from its
// source. Returns every issue found (empty: valid).
std::vector<Issue> CheckRegistry(Registry& registry);

// Appends each pledge update to the history of the pledge it names, in
// order, and removes it from `pledge_updates`; an update naming no listed
// pledge stays there. Meant for a registry that passed CheckRegistry, whose
// histories then stay forward-only and in date order.
void FoldPledgeUpdates(Registry& registry);

// Joins issues into one kInvalidRecord Status naming `file` on each line
// ("FILE: $.path: reason"); ok when `issues` is empty.
core::Status IssuesToStatus(const std::string& file, const std::vector<Issue>& issues);

// Finds a nation by alpha-2 or alpha-3 code, case-insensitively; nullptr if absent.
const Nation* FindNation(const Registry& registry, std::string_view code);

// The ids of the conflicts that name `subject_id`.
std::vector<std::string> ConflictsAbout(const Registry& registry, std::string_view subject_id);

// --- the picture on a date -------------------------------------------------

struct PledgeAsOf {
  Pledge pledge;  // its history cut to the changes dated <= the picture's date
  PledgeStatus status = PledgeStatus::kAnnounced;  // the latest status dated <= the picture's date
};

struct NationPicture {
  Nation nation;
  std::vector<Position> current;     // latest per scope, dated <= date
  std::vector<Position> superseded;  // earlier positions on the same scopes, newest first
  std::vector<PledgeAsOf> pledges;
  std::vector<std::string> meetings;  // ids of meetings attended, dated <= date
};

struct Picture {
  Date date{};
  std::vector<NationPicture> nations;  // every nation, in registry order
  std::vector<Meeting> meetings;       // dated <= date, oldest first
  std::vector<Statement> statements;   // dated <= date
  std::vector<Conflict> conflicts;     // with claims from two reports out by `date`
};

// What the registry says on `date`. Only facts dated on or before `date`
// count; for each (nation, scope) the position with the latest date is
// current (on equal dates, the later one in the registry), the others are
// kept as superseded. A conflict shows once at least two of its claims have
// been reported, by at least two different reports (by their citations'
// report dates), with only the claims reported by then. A pledge counts
// from its first status; pledge updates not yet folded are taken into
// account as if folded (FoldPledgeUpdates).
Picture PictureAsOf(const Registry& registry, Date date);

// The picture of one nation; nullopt when the code is unknown.
std::optional<NationPicture> NationAsOf(const Registry& registry, std::string_view code, Date date);

// --- the aid pipeline ------------------------------------------------------

// Pledged against delivered for one donor, category and unit.
struct AidBalance {
  std::string donor;  // iso2
  Category category = Category::kEquipment;
  std::string unit;
  double pledged = 0;               // sum of the pledged quantities that have a figure
  size_t pledged_unquantified = 0;  // pledged items without a figure in the reports
  double delivered = 0;
  size_t packages = 0;
  size_t deliveries = 0;
  size_t pledges_delivered = 0;  // pledges of packages whose status is delivered
};

// Pledged vs delivered by donor and category (and unit, since tanks and
// euros do not add up), from packages and deliveries dated <= `date`.
// A package's money value counts as category funds in its currency; each
// item counts in its own category and unit; a delivery counts against its
// package's donor. A pledge of a package (Pledge::package) whose status is
// delivered by `date` counts its figure as delivered in its own category and
// unit; the package's deliveries in that category and unit are part of it,
// not added to it (the larger of the two counts). Pledge updates not yet
// folded are taken into account. Sorted by donor, category, unit.
std::vector<AidBalance> AidBalances(const Registry& registry, Date date);

}  // namespace truceline::registry
