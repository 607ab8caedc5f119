package dev.gatehouse;

import io.restassured.path.json.JsonPath;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both verifier libraries (clients/java, clients/node) in the three example services
 * (examples/java-service: the plain API; examples/quarkus-service: the JAX-RS filter and
 * {@code @RolesAllowed}; examples/node-service: the Express middleware), each started as a separate
 * process, against the packaged jar on the real PostgreSQL and Redis. Each runs twice: failing closed
 * (the default) and failing open for 5 minutes. The services reach Gatehouse only through a
 * {@link TcpProxy} at the public URL, so the test can take the feed away from them; the test itself
 * talks to Gatehouse directly.
 *
 * <p>Needs {@code clients/java/target/gatehouse-verifier-0.1.0.jar} and the packaged Quarkus example
 * ({@code ./test} builds both first).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifierLibrariesIT {

    static final int POLL_MS = 1000;
    static final String CLIENT_ID = "example-services";
    static final String CLIENT_SECRET = "example-services-secret-for-tests-only";
    static final String ADMIN = "verifier-admin@example.com";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code stats}: whether it serves GET /stats (the Quarkus example leaves the verifier inside the filter). */
    record Example(String name, boolean failOpen, Process process, String base, boolean stats) {
    }

    static FreshDatabase db;
    static GatehouseProcess gatehouse;
    static TcpProxy proxy;
    static final List<Example> examples = new ArrayList<>();
    static String revoked;
    static String live;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of("clients/java/target/gatehouse-verifier-0.1.0.jar");
        assertTrue(Files.exists(jar), "build the Java library first: ./mvnw -B -f clients/java/pom.xml package (./test does)");
        int proxyPort = FreePort.next();
        String issuer = "http://127.0.0.1:" + proxyPort;
        db = FreshDatabase.create();
        int port = FreePort.next();
        gatehouse = GatehouseProcess.start("verifier-libraries", port, "redis://127.0.0.1:6379", Map.ofEntries(
                Map.entry("GATEHOUSE_ISSUER", issuer),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl()),
                Map.entry("GATEHOUSE_TOKEN_SERVICE_CLIENTS", CLIENT_ID + ":" + CLIENT_SECRET),
                Map.entry("GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL", ADMIN),
                Map.entry("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", Api.PASSWORD),
                // A successor key signs 3 s after a rotation; verifiers keep the JWKS 1 s (production: 1 h and 5 min).
                Map.entry("GATEHOUSE_KEYS_PUBLISH_LEAD", "PT3S"),
                Map.entry("GATEHOUSE_KEYS_JWKS_MAX_AGE", "PT1S"),
                Map.entry("GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000"),
                Map.entry("GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000")));
        proxy = new TcpProxy(proxyPort, port);

        npmCi(Path.of("clients/node"));
        npmCi(Path.of("examples/node-service"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = String.join(File.pathSeparator, jar.toString(), codeSource(org.jose4j.jwt.JwtClaims.class),
                codeSource(org.slf4j.LoggerFactory.class));
        Map<String, String> env = Map.of("GATEHOUSE_ISSUER", issuer, "GATEHOUSE_CLIENT_ID", CLIENT_ID,
                "GATEHOUSE_CLIENT_SECRET", CLIENT_SECRET, "GATEHOUSE_POLL_MS", Integer.toString(POLL_MS));
        examples.add(example("java-closed", false, List.of(java, "-cp", classPath, "examples/java-service/ExampleService.java"), env, Map.of()));
        examples.add(example("java-open", true, List.of(java, "-cp", classPath, "examples/java-service/ExampleService.java"), env,
                Map.of("GATEHOUSE_FAIL_OPEN_SECONDS", "300")));
        Path quarkus = Path.of("examples/quarkus-service/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(quarkus), "build the Quarkus example first: ./mvnw -B -f examples/quarkus-service/pom.xml package (./test does)");
        examples.add(quarkusExample("quarkus-closed", false, java, quarkus, env, Map.of()));
        examples.add(quarkusExample("quarkus-open", true, java, quarkus, env, Map.of("GATEHOUSE_FAIL_OPEN_SECONDS", "300")));
        examples.add(example("node-closed", false, List.of("node", "examples/node-service/server.mjs"), env, Map.of()));
        examples.add(example("node-open", true, List.of("node", "examples/node-service/server.mjs"), env,
                Map.of("GATEHOUSE_FAIL_OPEN_MS", "300000")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Example e : examples) {
            e.process.destroy();
            e.process.waitFor(10, TimeUnit.SECONDS);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void examplesWhenFeedNeverReadThenRefuseThenAcceptOnceSynced() throws Exception {
        String email = register();
        revoked = login(email);
        live = login(email);
        // Gatehouse is not reachable at the public URL yet: nothing synced, every token refused.
        for (Example e : examples) {
            int status = hello(e, live).statusCode();
            assertTrue(status == 401 || status == 503, e.name + " answered " + status + " before its first feed read");
        }
        proxy.start();
        for (Example e : examples) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(200, hello(e, live).statusCode(), e.name + ": " + hello(e, live).body()));
            assertEquals(200, hello(e, revoked).statusCode(), e.name);
        }
        // The fake issuers of the unit tests answer any Accept; Gatehouse's JWKS is application/jwk-set+json.
        for (Example e : examples) {
            assertTrue(!e.stats || stats(e).getInt("jwksFetches") >= 1, e.name);
        }
    }

    @Test
    @Order(2)
    void examplesWhenLoggedOutAtGatehouseThenRefusedWithinOnePollInterval() throws Exception {
        send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/logout")).header("Authorization", "Bearer " + revoked)
                .POST(HttpRequest.BodyPublishers.noBody()), 204);
        for (Example e : examples) {
            // One interval (±10 % jitter) plus the feed's and this request's round trips.
            await().atMost(Duration.ofMillis(POLL_MS + 1000)).pollInterval(Duration.ofMillis(50))
                    .until(() -> hello(e, revoked).statusCode() == 401);
            assertEquals(200, hello(e, live).statusCode(), e.name + ": another session's token still verifies");
        }
    }

    /**
     * Tokens of the other two kinds: a service's own (client credentials; sub = the client, no
     * sid) verifies at every example; a token exchanged for an API key verifies too, and is
     * refused within one poll interval once its key is revoked at Gatehouse (the key's revocation
     * reaches the feed).
     */
    @Test
    @Order(2)
    void examplesWhenClientCredentialsAndExchangedKeyTokensThenVerifiedAndKeyRevocationFollowed() throws Exception {
        // A machine client registered by the admin (the feed's configured service client gets no tokens).
        String admin = login(ADMIN);
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/admin/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"billing-worker\",\"name\":\"Billing worker\","
                        + "\"scopes\":[],\"audiences\":[\"gatehouse\"]}")), 201);
        String basic = Base64.getEncoder().encodeToString(("billing-worker:" + JsonPath.from(registered.body()).getString("clientSecret"))
                .getBytes(StandardCharsets.UTF_8));
        String machine = JsonPath.from(send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")), 200).body()).getString("access_token");
        String user = login(register());
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/api-keys"))
                .header("Authorization", "Bearer " + user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ci\",\"scopes\":[\"openid\"],\"expiresIn\":3600}")), 201);
        String key = JsonPath.from(created.body()).getString("key");
        String keyId = JsonPath.from(created.body()).getString("id");
        String exchanged = JsonPath.from(send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange",
                        StandardCharsets.UTF_8) + "&subject_token=" + key + "&subject_token_type="
                        + URLEncoder.encode("urn:gatehouse:token-type:api-key", StandardCharsets.UTF_8))), 200).body()).getString("access_token");
        for (Example e : examples) {
            // Verified everywhere; the Quarkus example's /hello also wants the role "user" in groups,
            // which neither token has (a client has no roles; the key was given only "openid"): 403, not 401.
            int ok = e.name.startsWith("quarkus") ? 403 : 200;
            assertEquals(ok, hello(e, machine).statusCode(), e.name + " (client credentials): " + hello(e, machine).body());
            assertEquals(ok, hello(e, exchanged).statusCode(), e.name + " (exchanged key): " + hello(e, exchanged).body());
        }
        send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/api-keys/" + keyId)).header("Authorization", "Bearer " + user)
                .DELETE(), 204);
        for (Example e : examples) {
            await().atMost(Duration.ofMillis(POLL_MS + 1000)).pollInterval(Duration.ofMillis(50))
                    .until(() -> hello(e, exchanged).statusCode() == 401);
            assertEquals(e.name.startsWith("quarkus") ? 403 : 200, hello(e, machine).statusCode(), e.name);
        }
    }

    @Test
    @Order(3)
    void examplesWhenForgedTokenThen401() throws Exception {
        String token = live;
        String[] parts = token.split("\\.");
        String kid = JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).getString("kid");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        PublicJsonWebKey published = (PublicJsonWebKey) new JsonWebKeySet(get(gatehouse.baseUri() + "/.well-known/jwks.json").body())
                .findJsonWebKey(kid, null, null, null);
        byte[] der = published.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
        List<String> forged = new ArrayList<>();
        forged.add(b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + ".");
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII), published.toJson().getBytes(StandardCharsets.UTF_8))) {
            forged.add(sign(claims, AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(secret), kid, "at+jwt"));
        }
        forged.add(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, foreign.getPrivateKey(), kid, "at+jwt"));
        // Gatehouse's own signature over another header or other claims: wrong typ, aud, iss.
        forged.add(b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + "." + parts[2]);
        forged.add(parts[0] + "." + b64(claims.replaceFirst("\"aud\":\"[^\"]*\"", "\"aud\":\"another-service\"")) + "." + parts[2]);
        forged.add(parts[0] + "." + b64(claims.replaceFirst("\"iss\":\"[^\"]*\"", "\"iss\":\"https://evil.example\"")) + "." + parts[2]);
        for (Example e : examples) {
            assertEquals(200, hello(e, token).statusCode(), e.name);
            for (String f : forged) {
                assertEquals(401, hello(e, f).statusCode(), e.name + " accepted " + f);
            }
        }
    }

    @Test
    @Order(4)
    void examplesWhenAdminRouteThenGroupsDecide() throws Exception {
        String admin = login(ADMIN);
        for (Example e : examples) {
            assertEquals(200, call(e, "/admin", admin).statusCode(), e.name + ": groups has admin");
            assertEquals(403, call(e, "/admin", live).statusCode(), e.name + ": groups has only user");
        }
    }

    @Test
    @Order(5)
    void examplesWhenKeyRotatedThenNoValidTokenRefused() throws Exception {
        String admin = login(ADMIN);
        String oldKid = kid(live);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/admin/keys/rotate"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()), 200);
        String newKid = JsonPath.from(r.body()).getString("kid");
        assertNotEquals(oldKid, newKid);
        String email = register();
        // Until the successor signs, tokens keep the old kid; every token along the way verifies at once, everywhere.
        java.util.concurrent.atomic.AtomicReference<String> fresh = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            fresh.set(login(email));
            for (Example e : examples) {
                assertEquals(200, hello(e, fresh.get()).statusCode(), e.name + " refused a token of kid " + kid(fresh.get()));
            }
            return kid(fresh.get()).equals(newKid);
        });
        assertEquals(newKid, kid(fresh.get()));
        for (Example e : examples) {
            assertEquals(200, hello(e, live).statusCode(), e.name + ": the old key's tokens stay valid");
        }
    }

    @Test
    @Order(6)
    void examplesWhenFeedUnreachableThenConfiguredPolicyHolds() throws Exception {
        proxy.cut();
        try {
            for (Example e : examples) {
                if (!e.failOpen) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> hello(e, live).statusCode() == 503);
                }
            }
            for (Example e : examples) {
                if (e.failOpen) {
                    assertEquals(200, hello(e, live).statusCode(), e.name + " fails open for 5 minutes");
                    assertEquals(401, hello(e, revoked).statusCode(), e.name + " keeps what it knew");
                } else {
                    assertEquals(503, hello(e, live).statusCode(), e.name + " fails closed");
                    assertTrue(!e.stats || stats(e).getInt("consecutiveFailures") >= 1, e.name);
                }
            }
        } finally {
            proxy.restore();
        }
        for (Example e : examples) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(200, hello(e, live).statusCode(), e.name + ": " + hello(e, live).body()));
            assertEquals(401, hello(e, revoked).statusCode(), e.name);
            assertTrue(!e.stats || stats(e).getBoolean("usable"), e.name);
        }
    }

    @Test
    @Order(7)
    void examplesWhenFeedBlackholedThenFailClosedOncePollIsOverdueAndKnownKeysStillServed() throws Exception {
        // Connections stay open and nothing answers: polls hang until their 5 s timeout, JWKS refetches too.
        // The fail-closed services refuse once a poll is overdue (2 intervals + 1 timeout + 1 s = 8 s);
        // every answer still comes promptly (the known key is served while the JWKS refetch hangs).
        proxy.blackhole();
        for (Example e : examples) {
            if (!e.failOpen) {
                await().atMost(Duration.ofSeconds(20)).until(() -> hello(e, live).statusCode() == 503);
            }
        }
        for (Example e : examples) {
            if (e.failOpen) {
                assertEquals(200, call(e, "/hello", live).statusCode(), e.name);
                assertEquals(401, call(e, "/hello", revoked).statusCode(), e.name);
            }
        }
        assertTrue(proxy.heldRequests() > 0, "the feed was asked and never answered");
    }

    // --- helpers ---

    static Example example(String name, boolean failOpen, List<String> command, Map<String, String> env, Map<String, String> extra)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(new File("target/it-logs/example-" + name + ".log"));
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        Process p = pb.start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(first != null && first.startsWith("listening "), name + " said: " + first + " (see target/it-logs/example-" + name + ".log)");
        return new Example(name, failOpen, p, "http://127.0.0.1:" + first.substring("listening ".length()).trim(), true);
    }

    static Example quarkusExample(String name, boolean failOpen, String java, Path jar, Map<String, String> env, Map<String, String> extra)
            throws IOException {
        int port = FreePort.next();
        File log = new File("target/it-logs/example-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        Example e = new Example(name, failOpen, p, "http://127.0.0.1:" + port, false);
        // Up once it answers (without a token Quarkus answers 403: no authentication mechanism of its own to challenge).
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            assertTrue(p.isAlive(), name + " exited: see " + log);
            return get(e.base + "/hello").statusCode() == 403;
        });
        return e;
    }

    static void npmCi(Path dir) throws Exception {
        Path log = Path.of("target/it-logs/npm-ci-" + dir.getFileName() + ".log");
        Files.createDirectories(log.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0, "npm ci failed in " + dir + ": see " + log);
    }

    static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    static String register() throws Exception {
        String email = "verifier-" + System.nanoTime() + "@example.com";
        send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/register")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + Api.PASSWORD + "\"}")), 201);
        return email;
    }

    static String login(String email) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gatehouse.baseUri() + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password=" + Api.PASSWORD)), 200);
        return JsonPath.from(r.body()).getString("access_token");
    }

    static String kid(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)).getString("kid");
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String claims, String alg, java.security.Key key, String kid, String typ) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", typ);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    static HttpResponse<String> hello(Example e, String token) throws IOException, InterruptedException {
        return call(e, "/hello", token);
    }

    static HttpResponse<String> call(Example e, String path, String token) throws IOException, InterruptedException {
        // 3 s: a service that waited on the blackholed issuer (5 s timeouts) would fail the test.
        return HTTP.send(HttpRequest.newBuilder(URI.create(e.base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonPath stats(Example e) throws IOException, InterruptedException {
        return JsonPath.from(get(e.base + "/stats").body());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return r;
    }
}
