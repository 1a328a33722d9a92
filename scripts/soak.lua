-- wrk script for the soak (scripts/soak.sh): SOAK_REQUESTS home-page requests in all,
-- shared over SOAK_THREADS threads, each with another map view and other filters, so
-- searches and renders vary. Prints one line of figures at the end.
local limit = tonumber(os.getenv("SOAK_REQUESTS") or "100000")
local threads = tonumber(os.getenv("SOAK_THREADS") or "2")
local share = math.ceil(limit / threads)

local kinds = { "", "&soort=bbl", "&soort=bol_internship", "&soort=orientation_day", "&soort=job" }
local levels = { "", "", "&niveau=vmbo", "&niveau=mbo2", "&niveau=mbo3", "&niveau=mbo4", "&niveau=hbo" }
local regions = { "", "", "&regio=kempen", "&regio=ijmond" }
local texts = { "", "", "", "&zoek=lassen", "&zoek=onderhoud", "&zoek=cnc" }

local sent = 0
local answered = 0
local index = 0

setup = function(thread)
  thread:set("offset", index)
  index = index + 1
end

request = function()
  sent = sent + 1
  local n = sent * threads + offset
  local lat = 51.20 + (n * 7919 % 1400) * 0.001
  local lon = 4.50 + (n * 104729 % 1100) * 0.001
  local zoom = 8 + n % 7
  local path = string.format("/?kaart=%.4f,%.4f,%d", lat, lon, zoom)
    .. kinds[n % #kinds + 1] .. levels[n % #levels + 1] .. regions[n % #regions + 1] .. texts[n % #texts + 1]
  return wrk.format("GET", path)
end

-- A thread that has its share stops, and says so with a file in SOAK_DONE_DIR: wrk itself
-- waits out its whole -d, so soak.sh interrupts it once every thread is done.
response = function(status, headers, body)
  answered = answered + 1
  if answered == share then
    local marker = io.open(os.getenv("SOAK_DONE_DIR") .. "/thread-" .. offset, "w")
    if marker then marker:close() end
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "soak: requests=%d non_2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f seconds=%.1f\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.duration / 1e6))
end
