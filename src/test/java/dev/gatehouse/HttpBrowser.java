package dev.gatehouse;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's cookie jar over plain HTTP, without following redirects, so tests can walk an
 * authorization-code round trip step by step (Secure cookies are kept: tests run on loopback HTTP,
 * where browsers also accept them).
 */
public final class HttpBrowser {

    private record Stored(String value, String path) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Stored> cookies = new LinkedHashMap<>();
    private final String base;

    public HttpBrowser(String base) {
        this.base = base;
    }

    public HttpResponse<String> get(String urlOrPath) {
        return send(HttpRequest.newBuilder(resolve(urlOrPath)).GET());
    }

    /** A GET with extra request headers (name, value, ...), such as Accept-Language. */
    public HttpResponse<String> get(String urlOrPath, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(urlOrPath)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    public HttpResponse<String> postForm(String urlOrPath, String form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(urlOrPath))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    public String cookie(String name) {
        Stored s = cookies.get(name);
        return s == null ? null : s.value();
    }

    public Map<String, String> cookies() {
        return cookies.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    }

    public void setCookie(String name, String value, String path) {
        cookies.put(name, new Stored(value, path));
    }

    public void clearCookies() {
        cookies.clear();
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse(null);
    }

    private URI resolve(String urlOrPath) {
        return URI.create(urlOrPath.startsWith("http") ? urlOrPath : base + urlOrPath);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest probe = builder.build();
        String path = probe.uri().getPath();
        boolean ours = probe.uri().toString().startsWith(base);
        String header = cookies.entrySet().stream()
                .filter(e -> ours && path.startsWith(e.getValue().path()))
                .map(e -> e.getKey() + "=" + e.getValue().value()).collect(Collectors.joining("; "));
        if (!header.isEmpty()) {
            builder.header("Cookie", header);
        }
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (ours) {
                for (String set : response.headers().allValues("Set-Cookie")) {
                    for (HttpCookie c : HttpCookie.parse(set)) {
                        if (c.getMaxAge() == 0 || c.getValue().isEmpty()) {
                            cookies.remove(c.getName());
                        } else {
                            cookies.put(c.getName(), new Stored(c.getValue(), c.getPath() == null ? "/" : c.getPath()));
                        }
                    }
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
