package dev.gatehouse.verifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** GET with a timeout on the JDK's client; bodies are capped so a broken peer cannot fill the heap. */
final class Http {

    static final int MAX_BODY = 16 * 1024 * 1024;

    record Response(int status, java.net.http.HttpHeaders headers, String body) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    Http(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    Response get(String url, Map<String, String> headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (!headers.containsKey("Accept")) {
            b.header("Accept", "application/json");
        }
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.body().length > MAX_BODY) {
                throw new IOException(url + " answered more than " + MAX_BODY + " bytes");
            }
            return new Response(r.statusCode(), r.headers(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("timeout after " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            // The JDK's ConnectException has no message.
            throw e.getMessage() == null ? new IOException(e.getClass().getSimpleName() + " to " + URI.create(url).getAuthority(), e) : e;
        }
    }
}
