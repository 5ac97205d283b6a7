// The reports dashboards (/staff/reports): the published reports
// (app/reports.h) for a period and, optionally, one delivery unit, each as a
// GOV.UK table with a server-rendered SVG bar chart (no JavaScript needed),
// and each downloadable as CSV or XLSX with the same bytes as the API's
// exports (/staff/reports/{name}/csv|xlsx, under the session's access).
#include <algorithm>
#include <chrono>
#include <map>

#include "domain/me_report.h"
#include "http/parse/query.h"
#include "report/xlsx.h"
#include "web/page.h"

namespace civicdesk::web {

namespace {

constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The dashboards, in the order the page shows them.
constexpr std::string_view kDashboards[] = {"me-monthly", "me-quarterly", "me-ageing", "contacts", "complaints", "satisfaction"};

bool is_dashboard(std::string_view name) {
  return std::find(std::begin(kDashboards), std::end(kDashboards), name) != std::end(kDashboards);
}

// "me-monthly" -> "me_monthly", for catalogue keys.
std::string key_of(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

// What the period form asked for, with its field errors.
struct Period {
  std::string from, to, unit;
  FormErrors errors;
};

Period read_period(const http::Request& req, const CatalogueSnapshot& cat, Instant now) {
  Period p;
  auto q = http::QueryReader::parse(req.query);
  if (!q) {
    p.errors.push_back({"from", "frontdesk.errors.from_invalid"});
    return p;
  }
  const report::Month current = report::month_of(london_date(now));
  report::Month start = current;
  for (int i = 0; i < 11; ++i) {  // the last twelve months by default
    start.month = start.month == 1 ? 12 : start.month - 1;
    if (start.month == 12) --start.year;
  }
  p.from = trimmed(q->string("from", 100).value_or(report::format_month(start)));
  p.to = trimmed(q->string("to", 100).value_or(report::format_month(current)));
  p.unit = q->string("unit", 100).value_or("");
  if (!report::parse_month(p.from, "from")) p.errors.push_back({"from", "frontdesk.errors.from_invalid"});
  if (!report::parse_month(p.to, "to")) p.errors.push_back({"to", "frontdesk.errors.to_invalid"});
  if (p.errors.empty()) {
    auto range = report::parse_month_range(p.from, p.to);
    // The quarterly report widens the period to whole quarters: that too
    // must stay within the longest period.
    if (!range) p.errors.push_back({"to", range.error().message.find("before") != std::string::npos
                                              ? "frontdesk.errors.period_reversed"
                                              : "frontdesk.errors.period_long"});
    else if (!report::parse_quarter_range(p.from, p.to))
      p.errors.push_back({"to", "frontdesk.errors.period_long"});
  }
  if (!p.unit.empty() && !cat.delivery_units.count(p.unit)) p.errors.push_back({"unit", "frontdesk.errors.unit_invalid"});
  return p;
}

// The report request a dashboard makes for a period: months, or for the
// ageing snapshot the end of the period (today if that is still to come).
ReportRequest request_for(std::string_view name, const Period& p, Instant now) {
  ReportRequest r;
  r.name = std::string(name);
  if (name == "me-ageing") {
    LocalDate at = london_date(now) - std::chrono::days{1};
    if (auto m = report::parse_month(p.to, "to")) at = std::min(at, report::last_day(*m));
    r.params["at"] = format_date(at);
  } else {
    r.params["from"] = p.from;
    r.params["to"] = p.to;
  }
  return r;
}

// Only one delivery unit's rows (by its name in the "Delivery unit"
// column); the Total row goes, as it counted every unit. Reports without
// that column are left whole.
bool filter_unit(report::ReportTable& t, const std::string& unit_name) {
  auto col = std::find(t.columns.begin(), t.columns.end(), "Delivery unit");
  if (unit_name.empty() || col == t.columns.end()) return false;
  const size_t c = static_cast<size_t>(col - t.columns.begin());
  if (t.has_total && !t.rows.empty()) t.rows.pop_back();
  t.has_total = false;
  std::erase_if(t.rows, [&](const std::vector<report::Cell>& row) { return c >= row.size() || row[c].text != unit_name; });
  return true;
}

struct Bar {
  std::string label;
  int64_t tenths = 0;
  std::string text;
};

int64_t tenths_of(const report::Cell& v) {
  if (v.kind == report::Cell::Kind::kInteger) return v.number * 10;
  if (v.kind == report::Cell::Kind::kTenths) return v.number;
  return 0;
}

// The chart's bars: the table's chart column per row (Total left out); for
// satisfaction, the response rate per service over every month and channel.
std::vector<Bar> bars_of(const report::ReportTable& t) {
  std::vector<Bar> out;
  const size_t n = t.rows.size() - (t.has_total && !t.rows.empty() ? 1 : 0);
  if (t.name == "satisfaction") {
    std::vector<std::string> order;
    std::map<std::string, std::pair<int64_t, int64_t>> sums;  // sent, responses
    for (size_t r = 0; r < n; ++r) {
      const auto& row = t.rows[r];
      if (row.size() < 6) continue;
      const std::string label = row[2].display();
      if (!sums.count(label)) order.push_back(label);
      sums[label].first += row[4].number;
      sums[label].second += row[5].number;
    }
    for (const auto& l : order) {
      const auto [sent, responses] = sums[l];
      const int64_t tenths = sent > 0 ? (responses * 2000 + sent) / (2 * sent) : 0;  // half up
      out.push_back({l, tenths, report::Cell::tenths(tenths).display()});
    }
    return out;
  }
  const auto lc = static_cast<size_t>(std::max(0, t.chart.label_column));
  const auto vc = static_cast<size_t>(std::max(0, t.chart.value_column));
  for (size_t r = 0; r < n; ++r) {
    const auto& row = t.rows[r];
    if (lc >= row.size() || vc >= row.size()) continue;
    std::string label = row[lc].display();
    if (t.name == "me-quarterly" && row.size() > 1) label += " " + row[1].display();
    out.push_back({label, std::max<int64_t>(0, tenths_of(row[vc])), row[vc].display()});
  }
  return out;
}

std::string chart_caption(const Page& page, const report::ReportTable& t) {
  const std::string key = "frontdesk.chart_" + key_of(t.name);
  return page.has_text(key) ? page.text(key) : t.chart.caption;
}

// At most `max` bytes of `s` (not splitting a UTF-8 character), with "…"
// when cut, so that a long service name fits beside its bar (the table has
// it whole).
std::string shortened(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "\u2026";
}

// The chart as template data: coordinates for an SVG drawn by the template,
// and a summary for its accessible name (the table holds every figure).
mstch::map chart_of(const Page& page, const std::string& id, const std::string& caption, const std::vector<Bar>& bars) {
  constexpr int kLabelWidth = 300, kBarArea = 330, kRow = 26, kTop = 8;
  int64_t max = 0;
  for (const auto& b : bars) max = std::max(max, b.tenths);
  mstch::array items;
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = kTop + static_cast<int>(i) * kRow;
    const int w = max > 0 ? static_cast<int>(bars[i].tenths * kBarArea / max) : 0;
    items.push_back(mstch::map{{"label", shortened(bars[i].label, 34)},
                               {"text", bars[i].text.empty() ? std::string("-") : bars[i].text},
                               {"label_x", std::to_string(kLabelWidth - 8)},
                               {"text_y", std::to_string(y + 17)},
                               {"bar_x", std::to_string(kLabelWidth)},
                               {"bar_y", std::to_string(y + 4)},
                               {"bar_w", std::to_string(w)},
                               {"bar_h", std::to_string(kRow - 8)},
                               {"value_x", std::to_string(kLabelWidth + w + 6)}});
  }
  std::string summary;
  if (bars.empty()) {
    summary = page.format("frontdesk.chart_empty", {{"caption", caption}});
  } else {
    auto hi = std::max_element(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.tenths < b.tenths; });
    auto lo = std::min_element(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.tenths < b.tenths; });
    summary = page.format("frontdesk.chart_summary", {{"caption", caption},
                                                      {"count", std::to_string(bars.size())},
                                                      {"high_label", hi->label},
                                                      {"high", hi->text},
                                                      {"low_label", lo->label},
                                                      {"low", lo->text}});
  }
  return mstch::map{{"id", id},
                    {"caption", caption},
                    {"summary", summary},
                    {"bars", items},
                    {"has_bars", !items.empty()},
                    {"width", std::to_string(kLabelWidth + kBarArea + 70)},
                    {"height", std::to_string(kTop * 2 + static_cast<int>(bars.size()) * kRow)}};
}

// The contacts report's second chart, the channel mix: contacts by channel
// from its Total row (channels no contact came by are left out).
std::vector<Bar> channel_bars(const report::ReportTable& t) {
  std::vector<Bar> out;
  if (t.rows.empty() || t.columns.size() < 4) return out;
  const auto& total = t.rows.back();
  for (size_t c = 2; c + 2 < t.columns.size() && c < total.size(); ++c)
    if (total[c].number > 0) out.push_back({t.columns[c], tenths_of(total[c]), total[c].display()});
  return out;
}

mstch::array charts_of(const Page& page, const std::string& id, const report::ReportTable& t) {
  mstch::array charts{chart_of(page, id + "-chart", chart_caption(page, t), bars_of(t))};
  if (t.name == "contacts")
    charts.push_back(chart_of(page, id + "-channels", page.text("frontdesk.chart_channel_mix"), channel_bars(t)));
  return charts;
}

mstch::map table_of(const report::ReportTable& t) {
  mstch::array columns, rows;
  for (const auto& c : t.columns) columns.push_back(mstch::map{{"name", c}});
  for (size_t r = 0; r < t.rows.size(); ++r) {
    mstch::array cells;
    for (size_t c = 1; c < t.rows[r].size(); ++c)
      cells.push_back(mstch::map{{"text", t.rows[r][c].display()},
                                 {"numeric", t.rows[r][c].kind != report::Cell::Kind::kText}});
    rows.push_back(mstch::map{{"head", t.rows[r].empty() ? std::string() : t.rows[r][0].display()},
                              {"cells", cells},
                              {"total", t.has_total && r + 1 == t.rows.size()}});
  }
  return mstch::map{{"title", t.title}, {"columns", columns}, {"rows", rows}, {"empty", t.rows.empty()}};
}

std::string query_of(const Period& p) {
  std::string q = "from=" + http::percent_encode(p.from) + "&to=" + http::percent_encode(p.to);
  if (!p.unit.empty()) q += "&unit=" + http::percent_encode(p.unit);
  return q;
}

std::optional<http::Response> reports_only(const Page& page, const http::Request& req) {
  if (!page.signed_in()) return page.sign_in_first(req.target.empty() ? req.path : req.target);
  const Principal& p = req.ctx.principal;
  if (p.kind != Principal::Kind::kUser || !p.role || !is_staff(*p.role) || !can(p, Permission::kViewReports))
    return page.message_page(403, "errors.forbidden_title", "errors.forbidden_body");
  return std::nullopt;
}

std::string file_name(const report::ReportTable& t, const std::string& unit, std::string_view ext) {
  std::string name = t.name;
  for (const auto& [k, v] : t.parameters) name += "_" + v;
  if (!unit.empty()) name += "_" + unit;
  return name + "." + std::string(ext);
}

}  // namespace

void add_dashboard_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/staff/reports", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = reports_only(page, req)) return *no;
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    Period p = read_period(req, *cat, req.ctx.now);
    mstch::map c = page.context("frontdesk.reports_title");
    mstch::array units;
    units.push_back(mstch::map{{"value", std::string()}, {"text", page.text("frontdesk.all_units")}, {"selected", p.unit.empty()}});
    std::vector<const DeliveryUnit*> list;
    for (const auto& [code, du] : cat->delivery_units) list.push_back(&du);
    std::sort(list.begin(), list.end(), [](const DeliveryUnit* a, const DeliveryUnit* b) { return a->name < b->name; });
    for (const DeliveryUnit* du : list)
      units.push_back(mstch::map{{"value", du->code}, {"text", du->name}, {"selected", du->code == p.unit}});
    c["units"] = units;
    c["values"] = mstch::map{{"from", p.from}, {"to", p.to}};
    if (!p.errors.empty()) {
      page.add_errors(c, p.errors);
      return page.html(400, "staff_reports", c);
    }
    const std::string unit_name = p.unit.empty() ? "" : cat->delivery_units.at(p.unit).name;
    mstch::array sections;
    for (std::string_view name : kDashboards) {
      ASSIGN_OR_RETURN(report::ReportTable t, deps.services.reports.run(req.ctx, request_for(name, p, req.ctx.now)));
      const bool filtered = filter_unit(t, unit_name);
      const std::string key = key_of(name);
      const std::string q = query_of(p);
      sections.push_back(mstch::map{
          {"id", key},
          {"heading", page.text("frontdesk.report_" + key)},
          {"about", page.text("frontdesk.about_" + key)},
          {"all_units_only", !unit_name.empty() && !filtered},
          {"charts", charts_of(page, key, t)},
          {"table", table_of(t)},
          {"csv_href", "/staff/reports/" + std::string(name) + "/csv?" + q},
          {"xlsx_href", "/staff/reports/" + std::string(name) + "/xlsx?" + q},
      });
    }
    c["sections"] = sections;
    c["has_sections"] = true;
    c["period"] = page.format("frontdesk.period_shown", {{"from", p.from}, {"to", p.to}});
    c["unit_name"] = unit_name;
    return page.html(200, "staff_reports", c);
  });

  r.add("GET", "/staff/reports/{name}/{format}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = reports_only(page, req)) return *no;
    const std::string& name = req.param("name");
    const std::string& format = req.param("format");
    if (!is_dashboard(name) || (format != "csv" && format != "xlsx"))
      return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    Period p = read_period(req, *cat, req.ctx.now);
    if (!p.errors.empty()) return page.message_page(400, "errors.bad_request_title", "errors.bad_request_body");
    ASSIGN_OR_RETURN(report::ReportTable t, deps.services.reports.run(req.ctx, request_for(name, p, req.ctx.now)));
    if (!p.unit.empty() && !filter_unit(t, cat->delivery_units.at(p.unit).name)) p.unit.clear();
    http::Response res;
    if (format == "csv") {
      res = http::Response::text(200, report::render_csv(t), "text/csv; charset=utf-8");
    } else {
      ASSIGN_OR_RETURN(std::string bytes, report::render_xlsx(t));
      res = http::Response::text(200, std::move(bytes), std::string(kXlsxType));
    }
    res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(t, p.unit, format) + "\"");
    return res;
  });
}

}  // namespace civicdesk::web
