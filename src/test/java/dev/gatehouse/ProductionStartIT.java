package dev.gatehouse;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production defaults, against the packaged jar started as an operator would (environment only),
 * each on a free port and an empty database of its own: what must refuse to start refuses before
 * anything is written, with a message naming the variable; plain HTTP on a public host is explained.
 */
class ProductionStartIT {

    record Exit(int code, String log) {
    }

    /** Starts the jar with {@code env} (a null value unsets a variable) and waits for it to exit by itself. */
    static Exit runToExit(String name, Map<String, String> env) throws IOException, InterruptedException {
        File log = new File("target/it-logs/" + name + ".log");
        log.getParentFile().mkdirs();
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", "target/quarkus-app/quarkus-run.jar");
        Map<String, String> e = pb.environment();
        e.putAll(Map.of("QUARKUS_HTTP_PORT", Integer.toString(FreePort.next()),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379",
                "GATEHOUSE_KEY_ENCRYPTION_SECRET", GatehouseProcess.SECRET,
                "GATEHOUSE_API_KEY_SECRET", GatehouseProcess.API_KEY_SECRET));
        env.forEach((k, v) -> {
            if (v == null) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        pb.redirectErrorStream(true).redirectOutput(log);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not stop by itself; see " + log);
        }
        return new Exit(p.exitValue(), Files.readString(log.toPath()));
    }

    static Map<String, String> env(Object... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String) kv[i + 1]);
        }
        return m;
    }

    @Test
    void startWhenIssuerMissingThenRefusesNamingGatehouseIssuerAndWritesNothing() throws Exception {
        try (FreshDatabase db = FreshDatabase.create()) {
            Exit exit = runToExit("no-issuer", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(), "GATEHOUSE_ISSUER", null));
            assertNotEquals(0, exit.code(), exit.log());
            assertTrue(exit.log().contains("GATEHOUSE_ISSUER"), exit.log());
            assertEquals(0, db.tableCount(), "nothing written before refusing");
        }
    }

    @Test
    void startWhenApiKeySecretMissingOrShortThenRefusesNamingItAndWritesNothing() throws Exception {
        try (FreshDatabase db = FreshDatabase.create()) {
            Exit missing = runToExit("no-api-key-secret", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "GATEHOUSE_ISSUER", "http://localhost:8081", "GATEHOUSE_API_KEY_SECRET", null));
            assertNotEquals(0, missing.code(), missing.log());
            assertTrue(missing.log().contains("GATEHOUSE_API_KEY_SECRET"), missing.log());
            Exit shortSecret = runToExit("short-api-key-secret", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "GATEHOUSE_ISSUER", "http://localhost:8081", "GATEHOUSE_API_KEY_SECRET", "too-short"));
            assertNotEquals(0, shortSecret.code(), shortSecret.log());
            assertTrue(shortSecret.log().contains("GATEHOUSE_API_KEY_SECRET must have at least 32 characters"), shortSecret.log());
            assertEquals(0, db.tableCount(), "nothing written before refusing");
        }
    }

    @Test
    void startWhenIssuerNotABaseUrlThenRefusesBeforeMigrations() throws Exception {
        try (FreshDatabase db = FreshDatabase.create()) {
            Exit exit = runToExit("bad-issuer", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "GATEHOUSE_ISSUER", "https://auth.example.com/"));
            assertNotEquals(0, exit.code(), exit.log());
            assertTrue(exit.log().contains("GATEHOUSE_ISSUER must be the public base URL"), exit.log());
            assertEquals(0, db.tableCount(), "nothing written before refusing");
        }
    }

    @Test
    void startWhenBootstrapAdminPasswordBreaksPolicyThenRefusesBeforeMigrations() throws Exception {
        try (FreshDatabase db = FreshDatabase.create()) {
            Exit exit = runToExit("weak-bootstrap", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "GATEHOUSE_ISSUER", "https://auth.example.com",
                    "GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL", "admin@example.com", "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "password"));
            assertNotEquals(0, exit.code(), exit.log());
            assertTrue(exit.log().contains("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD breaks the password policy (password_"), exit.log());
            assertFalse(exit.log().contains("Migrating schema"), exit.log());
            assertEquals(0, db.tableCount(), "no migration ran, nothing written");
        }
    }

    @Test
    void startWhenBootstrapAdminEmailInvalidOrAloneThenRefusesBeforeMigrations() throws Exception {
        try (FreshDatabase db = FreshDatabase.create()) {
            Exit invalid = runToExit("bad-bootstrap-email", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "GATEHOUSE_ISSUER", "https://auth.example.com",
                    "GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL", "not-an-address", "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "Quiet-Harbor-7391"));
            assertNotEquals(0, invalid.code(), invalid.log());
            assertTrue(invalid.log().contains("GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL is refused"), invalid.log());
            Exit alone = runToExit("bootstrap-email-alone", env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "GATEHOUSE_ISSUER", "https://auth.example.com", "GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL", "admin@example.com"));
            assertNotEquals(0, alone.code(), alone.log());
            assertTrue(alone.log().contains("go together"), alone.log());
            assertEquals(0, db.tableCount(), "nothing written before refusing");
        }
    }

    /** __Host- cookies are Secure: over plain HTTP on a public host the browser drops them and the form "expires" forever. */
    @Test
    void startWhenIssuerPlainHttpOnPublicHostThenLogAndHostedPageSayWhy() throws Exception {
        int port = FreePort.next();
        String issuer = "http://gatehouse.internal:" + port;
        try (FreshDatabase db = FreshDatabase.create();
             GatehouseProcess p = GatehouseProcess.start("plain-http-issuer", port, "redis://127.0.0.1:6379",
                     Map.of("GATEHOUSE_ISSUER", issuer, "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl()))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // What answers is what this test started.
            HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(URI.create(p.baseUri()
                    + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(discovery.body().contains("\"issuer\":\"" + issuer + "\""), discovery.body());
            String log = Files.readString(new File("target/it-logs/plain-http-issuer.log").toPath());
            assertTrue(log.contains("WARN") && log.contains("GATEHOUSE_ISSUER is " + issuer + ": plain HTTP"), log);

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(p.baseUri() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("served over plain HTTP"), page.body());
            // The browser sent no cookie back: the answer says why instead of "form expired".
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(p.baseUri() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=a%40example.com&password=x&csrf=abc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, post.statusCode());
            assertTrue(post.body().contains("served over plain HTTP"), post.body());
            assertFalse(post.body().contains("expired"), post.body());
        }
    }
}
