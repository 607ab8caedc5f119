package dev.gatehouse;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged jar ({@code target/quarkus-app/quarkus-run.jar}) started as a separate process in
 * the production profile, configured only through environment variables, as an operator would.
 */
public final class GatehouseProcess implements AutoCloseable {

    /** Same secret as the %test profile: the instances share the test database and its keys. */
    public static final String SECRET = "test-only-secret-never-use-in-production-0123456789";
    /** Same API-key secret as the %test profile: keys made through one instance work on the other. */
    public static final String API_KEY_SECRET = "test-only-api-key-secret-never-use-in-production-0123";

    private final Process process;
    private final int port;

    private GatehouseProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** An instance with rate limits raised out of the way (these tests log in often from 127.0.0.1). */
    public static GatehouseProcess start(String name, int port, String redisUrl) throws IOException, InterruptedException {
        return start(name, port, redisUrl, Map.of(
                "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000"));
    }

    public static GatehouseProcess start(String name, int port, String redisUrl, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        File log = new File("target/it-logs/" + name + ".log");
        log.getParentFile().mkdirs();
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", "target/quarkus-app/quarkus-run.jar");
        Map<String, String> env = pb.environment();
        env.putAll(new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_REDIS_HOSTS", redisUrl,
                "GATEHOUSE_KEY_ENCRYPTION_SECRET", SECRET,
                "GATEHOUSE_API_KEY_SECRET", API_KEY_SECRET,
                "GATEHOUSE_ISSUER", "http://localhost:8081",
                "GATEHOUSE_TOKEN_RESEED_CHECK_INTERVAL", "1s")));
        // Failed client authentications are counted per address in the shared Redis, and the suites
        // send many from 127.0.0.1; a test that wants the real limits sets them in extraEnv.
        env.put("GATEHOUSE_PROTECTION_CLIENT_AUTH_FAILURES_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_PROTECTION_CLIENT_AUTH_FAILURES_PER_CLIENT", "100000");
        // Likewise the MFA step's attempts per address (and per account: the suites retry on purpose).
        env.put("GATEHOUSE_MFA_VERIFY_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_MFA_VERIFY_PER_ACCOUNT", "100000");
        // The same for failed client authentications at the token endpoint (issue 11).
        env.put("GATEHOUSE_CLIENT_FAILURES_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_CLIENT_FAILURES_PER_CLIENT", "100000");
        // Mails go to the log unless the test names an SMTP server (GreenMail) in extraEnv.
        env.put("QUARKUS_MAILER_MOCK", "true");
        env.put("QUARKUS_MAILER_OWN_HOST_NAME", "localhost");
        env.put("GATEHOUSE_LIFECYCLE_MAIL_REQUESTS_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_LIFECYCLE_MAIL_REQUESTS_PER_EMAIL", "100000");
        env.put("GATEHOUSE_LIFECYCLE_REDEEM_PER_ADDRESS", "100000");
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(log);
        GatehouseProcess p = new GatehouseProcess(pb.start(), port);
        p.awaitReady(Duration.ofSeconds(60));
        return p;
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Gatehouse on port " + port + " exited; see target/it-logs");
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(baseUri() + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Gatehouse on port " + port + " did not become live in " + limit);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
