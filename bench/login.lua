-- wrk: POST /auth/login with the bench account's credentials (right password every time).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=password&username=" .. os.getenv("BENCH_EMAIL") .. "&password=" .. os.getenv("BENCH_PASSWORD")
