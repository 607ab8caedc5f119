package dev.gatehouse.oidc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Adds query parameters to a URL, percent-encoding them (no URI templates: a {@code {} in a state stays text). */
final class Urls {

    private Urls() {
    }

    static String withQuery(String url, Map<String, String> params) {
        StringBuilder b = new StringBuilder(url);
        boolean hasQuery = url.indexOf('?') >= 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            b.append(hasQuery ? '&' : '?');
            hasQuery = true;
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}
