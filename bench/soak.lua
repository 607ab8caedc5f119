-- wrk: the soak's mixed traffic (bench/soak.sh). One connection per thread (-t N -c N), so each
-- connection keeps its own state: it logs in with its own account, then, by weight, checks its
-- bearer token on /auth/me, has a service client introspect it, refreshes (keeping the new pair:
-- its own refresh chain) or logs out. After a logout it checks that the old access token is now
-- refused (401: the one expected non-2xx) and logs in afresh. Threads are spread over the
-- instances (SOAK_PORTS) round robin; their first logins are spread over 2.5 s (delay()). Anything unexpected (another status, an introspection
-- that says inactive, a revoked token accepted) counts as an error; done() prints one SOAK line.
--   env: SOAK_PORTS=18101,18102,18103 SOAK_EMAILS=a@x,b@x,... SOAK_PASSWORD SOAK_CLIENT_BASIC
local WEIGHTS = { { "me", 600 }, { "introspect", 200 }, { "refresh", 195 }, { "logout", 5 } }
local KINDS = { "login", "me", "introspect", "refresh", "logout", "revoked" }

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  local ports = {}
  for p in string.gmatch(os.getenv("SOAK_PORTS"), "[^,]+") do ports[#ports + 1] = p end
  local port = ports[((counter - 1) % #ports) + 1]
  thread.addr = wrk.lookup("127.0.0.1", port)[1]
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

function init(args)
  local emails = {}
  for e in string.gmatch(os.getenv("SOAK_EMAILS"), "[^,]+") do emails[#emails + 1] = e end
  email = emails[((id - 1) % #emails) + 1]
  password = os.getenv("SOAK_PASSWORD")
  basic = "Basic " .. os.getenv("SOAK_CLIENT_BASIC")
  math.randomseed(id * 7919 + os.time())
  next_kind = "login"
  ramp = true
  for _, k in ipairs(KINDS) do _G["n_" .. k] = 0; _G["e_" .. k] = 0 end
  samples = ""
end

local FORM = "application/x-www-form-urlencoded"

-- Ramp-up: the connections' first logins 40 ms apart (64 argon2id hashes at once on cold JVMs
-- overrun the hashing queue's time limit, a designed 503, which is not what the soak measures).
function delay()
  if ramp then
    ramp = false
    return (id - 1) * 40
  end
  return 0
end

local function pick()
  local total = 0
  for _, w in ipairs(WEIGHTS) do total = total + w[2] end
  local r = math.random(total)
  for _, w in ipairs(WEIGHTS) do
    r = r - w[2]
    if r <= 0 then return w[1] end
  end
end

function request()
  sent = next_kind
  if sent == "login" then
    return wrk.format("POST", "/auth/login", { ["Content-Type"] = FORM },
      "grant_type=password&username=" .. email .. "&password=" .. password)
  elseif sent == "me" then
    return wrk.format("GET", "/auth/me", { ["Authorization"] = "Bearer " .. access })
  elseif sent == "introspect" then
    return wrk.format("POST", "/oauth2/introspect", { ["Content-Type"] = FORM, ["Authorization"] = basic },
      "token=" .. access)
  elseif sent == "refresh" then
    return wrk.format("POST", "/auth/refresh", { ["Content-Type"] = FORM },
      "grant_type=refresh_token&refresh_token=" .. refresh)
  elseif sent == "logout" then
    return wrk.format("POST", "/auth/logout", { ["Authorization"] = "Bearer " .. access })
  else -- "revoked": the access token of the session just ended
    return wrk.format("GET", "/auth/me", { ["Authorization"] = "Bearer " .. revoked })
  end
end

local function unexpected(status, why)
  _G["e_" .. sent] = _G["e_" .. sent] + 1
  if #samples < 400 then samples = samples .. " " .. sent .. ":" .. status .. (why or "") end
  next_kind = "login" -- start again from a fresh login
end

local function take_pair(body)
  local a = string.match(body, '"access_token"%s*:%s*"([^"]+)"')
  local r = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
  if not a or not r then return false end
  access, refresh = a, r
  return true
end

function response(status, headers, body)
  _G["n_" .. sent] = _G["n_" .. sent] + 1
  if sent == "login" or sent == "refresh" then
    if status ~= 200 then return unexpected(status) end
    if not take_pair(body) then return unexpected(status, "(no token pair)") end
  elseif sent == "me" then
    if status ~= 200 then return unexpected(status) end
  elseif sent == "introspect" then
    if status ~= 200 then return unexpected(status) end
    if not string.find(body, '"active"%s*:%s*true') then return unexpected(status, "(inactive)") end
  elseif sent == "logout" then
    if status ~= 204 then return unexpected(status) end
    revoked = access
    next_kind = "revoked"
    return
  elseif sent == "revoked" then
    if status ~= 401 then return unexpected(status, "(revoked token not refused)") end
    next_kind = "login"
    return
  end
  next_kind = pick()
end

function done(summary, latency, requests)
  local line = "SOAK requests=" .. summary.requests .. " duration_us=" .. summary.duration
    .. " socket_errors=" .. (summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout)
    .. " p99_ms=" .. string.format("%.1f", latency:percentile(99) / 1000)
  local errors, sample = 0, ""
  for _, k in ipairs(KINDS) do
    local n, e = 0, 0
    for _, t in ipairs(threads) do
      n = n + (t:get("n_" .. k) or 0)
      e = e + (t:get("e_" .. k) or 0)
    end
    errors = errors + e
    line = line .. " " .. k .. "=" .. n .. "/" .. e
  end
  for _, t in ipairs(threads) do
    local s = t:get("samples")
    if s and s ~= "" and #sample < 300 then sample = sample .. s end
  end
  io.write(line .. " unexpected=" .. errors .. "\n")
  if sample ~= "" then io.write("SOAK_SAMPLES" .. sample .. "\n") end
end
