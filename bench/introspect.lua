-- wrk: a resource server introspecting one access token (HTTP Basic service client).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_CLIENT_BASIC")
wrk.body = "token=" .. os.getenv("BENCH_TOKEN")
