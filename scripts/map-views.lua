-- wrk script for the benchmarks: every request asks / for another map view (kaart=), so
-- the search answer is shared but each page is rendered anew.
local n = 0
request = function()
  n = n + 1
  local lat = 51.30 + (n % 997) * 0.0001
  return wrk.format(nil, "/?kaart=" .. string.format("%.4f", lat) .. ",5.2000,11")
end
