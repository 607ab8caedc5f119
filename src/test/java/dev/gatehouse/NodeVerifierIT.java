package dev.gatehouse;

import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Node verifier ({@code src/test/node/verifier.mjs}, the README's code verbatim) run
 * against the packaged jar. The jar's public URL is a front that the test controls (it forwards
 * everything, and answers 503 for the revocation feed on demand), so the verifier meets a feed
 * that fails before its first sync and again later.
 */
class NodeVerifierIT {

    static final String CLIENT_ID = "node-verifier";
    static final String CLIENT_SECRET = "node-verifier-secret-for-tests-only";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static FreshDatabase db;
    static GatehouseProcess gatehouse;
    static HttpServer front;
    static final AtomicBoolean feedFails = new AtomicBoolean(true);
    static final AtomicInteger feedFailures = new AtomicInteger();
    static final AtomicInteger feedAnswers = new AtomicInteger();
    static Process node;
    static String verifierBase;

    @BeforeAll
    static void start() throws Exception {
        int frontPort = FreePort.next();
        String issuer = "http://127.0.0.1:" + frontPort;
        db = FreshDatabase.create();
        int port = FreePort.next();
        gatehouse = GatehouseProcess.start("node-verifier", port, "redis://127.0.0.1:6379", Map.of(
                "GATEHOUSE_ISSUER", issuer,
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "GATEHOUSE_TOKEN_SERVICE_CLIENTS", CLIENT_ID + ":" + CLIENT_SECRET,
                "GATEHOUSE_ACCESS_TOKEN_TTL", "PT15S",
                "GATEHOUSE_TOKEN_LEEWAY", "PT1S",
                "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000"));
        front = frontFor(frontPort, gatehouse.baseUri());
        // What answers at the public URL is the instance this test started.
        assertTrue(get(issuer + "/.well-known/openid-configuration").body().contains("\"issuer\":\"" + issuer + "\""));

        Path dir = Path.of("target/node");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "verifier.mjs", "harness.mjs")) {
            Files.copy(Path.of("src/test/node", f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(new File("target/it-logs/npm-ci.log")).start();
        assertTrue(npm.waitFor(120, TimeUnit.SECONDS) && npm.exitValue() == 0, "npm ci failed: see target/it-logs/npm-ci.log");

        ProcessBuilder pb = new ProcessBuilder("node", "harness.mjs").directory(dir.toFile())
                .redirectError(new File("target/it-logs/node-verifier-stderr.log"));
        pb.environment().putAll(Map.of("GATEHOUSE_ISSUER", issuer, "GATEHOUSE_CLIENT_ID", CLIENT_ID,
                "GATEHOUSE_CLIENT_SECRET", CLIENT_SECRET, "GATEHOUSE_POLL_MS", "300"));
        node = pb.start();
        String first = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(first != null && first.startsWith("listening "), "harness said: " + first);
        verifierBase = "http://127.0.0.1:" + first.substring("listening ".length()).trim();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        if (front != null) {
            front.stop(0);
        }
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** One test, in order: the states follow one another (never synced, synced, revoked, feed down, pruned). */
    @Test
    void verifierWhenFeedFailsThenRevokedThenFeedDownAgainThenFailsClosedRejectsRevokedAndSurvives() throws Exception {
        String email = "node-" + System.nanoTime() + "@example.com";
        send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/register")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + Api.PASSWORD + "\"}")), 201);
        String revokedLater = login(email);

        // Before the first successful read of the feed (it answers 503): every token is refused.
        await().atMost(Duration.ofSeconds(20)).until(() -> feedFailures.get() >= 2);
        HttpResponse<String> early = verify(revokedLater);
        assertEquals(401, early.statusCode(), early.body());
        assertEquals("revocations not synchronised", JsonPath.from(early.body()).getString("error"));
        assertTrue(node.isAlive(), "a non-200 feed must not crash the resource server");

        // The feed answers: the live token verifies.
        feedFails.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> verify(revokedLater).statusCode() == 200);
        assertEquals(Api.jwtField(revokedLater, 1, "jti"), JsonPath.from(verify(revokedLater).body()).getString("jti"));

        // Logged out through Gatehouse: refused after the next poll; another login's token still verifies.
        String live = login(email);
        send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/logout")).header("Authorization", "Bearer " + revokedLater)
                .POST(HttpRequest.BodyPublishers.noBody()), 204);
        await().atMost(Duration.ofSeconds(10)).until(() -> verify(revokedLater).statusCode() == 401);
        assertEquals("revoked", JsonPath.from(verify(revokedLater).body()).getString("error"));
        assertEquals(200, verify(live).statusCode(), verify(live).body());

        // The feed fails again: the verifier keeps its last state (within its staleness limit) and stays up.
        int failuresBefore = feedFailures.get();
        feedFails.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> feedFailures.get() >= failuresBefore + 2);
        assertTrue(node.isAlive());
        assertEquals(401, verify(revokedLater).statusCode());
        assertEquals(200, verify(live).statusCode());
        feedFails.set(false);

        // Entries go once their exp has passed (the access tokens live 15 s here, 1 s leeway): the maps do not grow for ever.
        assertTrue(size().getInt("revoked") >= 1, size().prettify());
        await().atMost(Duration.ofSeconds(45)).until(() -> size().getInt("revoked") == 0);
        assertTrue(node.isAlive());
    }

    static String login(String email) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password=" + Api.PASSWORD)), 200);
        return JsonPath.from(r.body()).getString("access_token");
    }

    static HttpResponse<String> verify(String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(verifierBase + "/verify"))
                .POST(HttpRequest.BodyPublishers.ofString(token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonPath size() throws IOException, InterruptedException {
        return JsonPath.from(get(verifierBase + "/size").body());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return r;
    }

    /** The public URL: forwards to Gatehouse, except that the feed answers 503 while {@link #feedFails}. */
    static HttpServer frontFor(int port, String target) throws IOException {
        Set<String> skipped = Set.of("host", "connection", "content-length", "transfer-encoding", "upgrade", "expect");
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        s.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/auth/revocations")) {
                    if (feedFails.get()) {
                        feedFailures.incrementAndGet();
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    feedAnswers.incrementAndGet();
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!skipped.contains(name.toLowerCase())) {
                        values.forEach(v -> b.header(name, v));
                    }
                });
                HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                r.headers().map().forEach((name, values) -> {
                    if (!skipped.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                exchange.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.start();
        return s;
    }
}
