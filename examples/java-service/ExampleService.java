// A resource service that verifies Gatehouse access tokens with gatehouse-verifier (plain Java, the
// JDK's HTTP server). Run: java -cp gatehouse-verifier-0.1.0.jar:jose4j-0.9.6.jar:slf4j-api.jar ExampleService.java
// Settings from the environment: GATEHOUSE_ISSUER, GATEHOUSE_CLIENT_ID, GATEHOUSE_CLIENT_SECRET,
// and optionally GATEHOUSE_POLL_MS, GATEHOUSE_FAIL_OPEN_SECONDS (0: fail closed), PORT.
// GET /hello (any valid token), GET /admin (group admin), GET /stats (feed lag and sizes).
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.verifier.FeedFailurePolicy;
import dev.gatehouse.verifier.GatehouseVerifier;
import dev.gatehouse.verifier.TokenRejectedException;
import dev.gatehouse.verifier.VerifiedToken;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

public class ExampleService {

    static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).orElse(fallback);
    }

    public static void main(String[] args) throws Exception {
        // readme:start
        long failOpenSeconds = Long.parseLong(env("GATEHOUSE_FAIL_OPEN_SECONDS", "0"));
        GatehouseVerifier verifier = GatehouseVerifier.builder(System.getenv("GATEHOUSE_ISSUER"))
                .feedClient(System.getenv("GATEHOUSE_CLIENT_ID"), System.getenv("GATEHOUSE_CLIENT_SECRET"))
                .pollInterval(Duration.ofMillis(Long.parseLong(env("GATEHOUSE_POLL_MS", "5000"))))
                .onFeedFailure(failOpenSeconds == 0 ? FeedFailurePolicy.failClosed()
                        : FeedFailurePolicy.failOpenFor(Duration.ofSeconds(failOpenSeconds)))
                .build()
                .start();   // reads the feed now, then every poll interval; tokens are refused until the first read

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(env("PORT", "0"))), 0);
        server.createContext("/hello", exchange -> {
            try {
                VerifiedToken token = verifier.verify(bearer(exchange));
                reply(exchange, 200, "{\"sub\":\"" + token.subject() + "\",\"jti\":\"" + token.jwtId() + "\"}");
            } catch (TokenRejectedException e) {
                // INVALID and REVOKED: 401; UNAVAILABLE (revocations not known well enough): 503
                int status = e.reason() == TokenRejectedException.Reason.UNAVAILABLE ? 503 : 401;
                reply(exchange, status, "{\"error\":\"" + e.reason().name().toLowerCase() + "\",\"error_description\":\"" + e.getMessage() + "\"}");
            }
        });
        // readme:end
        server.createContext("/admin", exchange -> {
            try {
                VerifiedToken token = verifier.verify(bearer(exchange));
                reply(exchange, token.groups().contains("admin") ? 200 : 403, "{\"sub\":\"" + token.subject() + "\"}");
            } catch (TokenRejectedException e) {
                reply(exchange, e.reason() == TokenRejectedException.Reason.UNAVAILABLE ? 503 : 401,
                        "{\"error\":\"" + e.reason().name().toLowerCase() + "\"}");
            }
        });
        server.createContext("/stats", exchange -> {
            var s = verifier.stats();
            reply(exchange, 200, "{\"synced\":" + s.synced() + ",\"usable\":" + s.usable() + ",\"lagMs\":"
                    + (s.lag() == null ? "null" : s.lag().toMillis()) + ",\"consecutiveFailures\":" + s.consecutiveFailures()
                    + ",\"revokedTokens\":" + s.revokedTokens() + ",\"accountWatermarks\":" + s.accountWatermarks()
                    + ",\"jwksFetches\":" + verifier.jwksFetches() + "}");
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
    }

    static String bearer(HttpExchange exchange) {
        String h = exchange.getRequestHeaders().getFirst("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
    }

    static void reply(HttpExchange exchange, int status, String json) throws IOException {
        try (exchange) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
