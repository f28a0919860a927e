-- wrk script: POST /api/events with a fresh one-hour slot per request (events in one room must not overlap).
-- Each wrk thread gets its own range of slots (args: room id, token; SLOT_OFFSET in the environment keeps a
-- warm-up run from colliding with the measured one); 2040-01-01T00:00:00Z is 2208988800.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local counter = 0
function request()
  counter = counter + 1
  local start = 2208988800 + (tid * 200000 + offset + counter) * 3600
  local body = string.format('{"title":"bench","roomId":%s,"start":"%s","end":"%s"}', room,
    os.date("!%Y-%m-%dT%H:%M:%SZ", start), os.date("!%Y-%m-%dT%H:%M:%SZ", start + 3600))
  return wrk.format("POST", "/api/events", { ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token }, body)
end

function init(args)
  room = args[1]
  token = args[2]
  offset = tonumber(os.getenv("SLOT_OFFSET") or "0")
end
