-- wrk script: POST /api/v1/reports with pre-split NDJSON batches, each once
-- and in order (cycling, as duplicates, only if the run outlasts them).
-- Arguments (after --): the folder of batch-NNNN files, the API token and,
-- optionally, the number of the first batch to send (default 0).
local batches = {}
local index = 0

function init(args)
  local folder, token = args[1], args[2]
  local i = tonumber(args[3] or "0")
  while true do
    local f = io.open(string.format("%s/batch-%04d", folder, i), "rb")
    if not f then break end
    batches[#batches + 1] = f:read("*a")
    f:close()
    i = i + 1
  end
  assert(#batches > 0, "no batch files in " .. tostring(folder))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-ndjson"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  index = index % #batches + 1
  return wrk.format(nil, "/api/v1/reports", nil, batches[index])
end

function response(status, headers, body)
  if status ~= 201 and status ~= 207 then
    io.stderr:write("unexpected status " .. status .. ": " .. body:sub(1, 300) .. "\n")
  end
end
