-- wrk: each thread (one connection) follows its own refresh-token chain, sending every new
-- refresh token it receives: sequential per chain, as a real client does. Start with
-- -t N -c N and N refresh tokens after "--".
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  token = args[id]
  failures = 0
end
function request()
  return wrk.format("POST", "/auth/refresh", {["Content-Type"] = "application/x-www-form-urlencoded"},
    "grant_type=refresh_token&refresh_token=" .. token)
end
function response(status, headers, body)
  if status == 200 then
    token = string.match(body, '"refresh_token":"([^"]+)"')
  else
    failures = failures + 1
  end
end
