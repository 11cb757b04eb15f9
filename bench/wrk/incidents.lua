-- wrk script: small incident queries (20 incidents in a bbox of about
-- 30 km around a point on the front), the way the map asks when it pans.
-- Arguments (after --): the API token.
local boxes = {}

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  math.randomseed(20250401)
  for i = 1, 1000 do
    local lat = 46.6 + math.random() * 3.4
    local lon = 33.0 + math.random() * 5.2
    boxes[i] = string.format("%.3f,%.3f,%.3f,%.3f", lon - 0.2, lat - 0.15, lon + 0.2, lat + 0.15)
  end
end

local i = 0
function request()
  i = i % #boxes + 1
  return wrk.format("GET", "/api/v1/incidents?limit=20&bbox=" .. boxes[i])
end
