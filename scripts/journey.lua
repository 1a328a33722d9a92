-- wrk script for `make bench-cluster`: a mixed journey over the public pages with a few
-- logged-in writes. Of every 100 requests: 40 home pages with a map view and filters,
-- 30 map moves (the search_markers server function), 15 company pages, 14 placement
-- pages and 1 new placement saved by a logged-in company user (JOURNEY_COOKIE).
-- JOURNEY_PATHS names a file of "company-path placement-path" lines.
local cookie = os.getenv("JOURNEY_COOKIE") or ""
local origin = os.getenv("JOURNEY_ORIGIN") or ""
local companies, placements = {}, {}
for line in io.lines(os.getenv("JOURNEY_PATHS")) do
  local company, placement = line:match("^(%S+)%s+(%S+)$")
  if company then
    companies[#companies + 1] = company
    placements[#placements + 1] = placement
  end
end

local kinds = { "", "&soort=bbl", "&soort=bol_internship", "&soort=orientation_day", "&soort=job" }
local levels = { "", "", "&niveau=mbo2", "&niveau=mbo4", "&niveau=hbo" }
-- Each thread's number (a global set by setup), so the new placements' titles differ.
local created = 0
setup = function(thread)
  thread:set("thread_id", created)
  created = created + 1
end

local n = 0
local function view()
  local lat = 51.20 + (n * 7919 % 1400) * 0.001
  local lon = 4.50 + (n * 104729 % 1100) * 0.001
  return string.format("%.4f,%.4f,%d", lat, lon, 8 + n % 7)
end

request = function()
  n = n + 1
  local slot = n % 100
  if slot < 40 then
    return wrk.format("GET", "/?kaart=" .. view() .. kinds[n % #kinds + 1] .. levels[n % #levels + 1])
  elseif slot < 70 then
    local body = "query=" .. "kaart%3D" .. view():gsub(",", "%%2C") .. "&marker_zoom=" .. (8 + n % 7)
    return wrk.format("POST", "/api/search_markers", {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json" }, body)
  elseif slot < 85 then
    return wrk.format("GET", companies[n % #companies + 1])
  elseif slot < 99 then
    return wrk.format("GET", placements[n % #placements + 1])
  else
    local body = "form[title]=Bench+" .. thread_id .. "." .. n
      .. "&form[kind]=bbl&form[level]=mbo2&form[field]=welding&form[crebo]=25787"
      .. "&form[hours_per_week]=32&form[school_days][3]=on&form[places]=2"
      .. "&form[description_nl]=Je+leert+lassen+op+de+werkvloer."
    return wrk.format("POST", "/api/save_placement", {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json",
      ["Cookie"] = cookie, ["Origin"] = origin }, body)
  end
end

local failures = 0
response = function(status, headers, body)
  if status >= 400 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("journey: status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("journey: rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, e.status + e.connect + e.read + e.write + e.timeout))
end
