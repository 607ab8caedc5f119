-- wrk: POST /auth/login with the right password, rotating over the bench accounts
-- (BENCH_EMAILS, comma-separated; BENCH_EMAIL alone works too). One account per connection
-- would meet the lockout's in-flight limit (the threshold, 5): more parallel checks of one
-- account than that are refused by design, which is not what this measures.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local emails = {}
for e in string.gmatch(os.getenv("BENCH_EMAILS") or os.getenv("BENCH_EMAIL"), "[^,]+") do
  emails[#emails + 1] = e
end
local n = 0
request = function()
  n = n + 1
  local body = "grant_type=password&username=" .. emails[(n % #emails) + 1] .. "&password=" .. os.getenv("BENCH_PASSWORD")
  return wrk.format(nil, nil, nil, body)
end
