package dev.gatehouse.password;

import dev.gatehouse.common.DependencyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Have I Been Pwned's range API with k-anonymity: only the first five hex characters of the
 * password's SHA-1 are sent; the match happens here. Off by default. When on and the API cannot
 * answer, the request fails closed with 503 rather than letting an unchecked password through.
 */
@ApplicationScoped
public class BreachedPasswordCheck {

    private final PasswordConfig config;
    private final HttpClient client;

    public BreachedPasswordCheck(PasswordConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(config.hibpTimeout()).build();
    }

    public boolean enabled() {
        return config.hibpEnabled();
    }

    /** Whether the password appears in a known breach. */
    public boolean breached(String password) {
        String hash = sha1(password);
        String prefix = hash.substring(0, 5);
        String suffix = hash.substring(5);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.hibpUrl().replaceAll("/+$", "") + "/range/" + prefix))
                .timeout(config.hibpTimeout())
                .header("Add-Padding", "true")
                .header("User-Agent", "gatehouse")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DependencyUnavailableException("breached-password service unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new DependencyUnavailableException("breached-password service answered " + response.statusCode(), null);
        }
        for (String line : response.body().split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(suffix)) {
                String count = line.substring(colon + 1).trim();
                return !count.equals("0");
            }
        }
        return false;
    }

    static String sha1(String password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
