package dev.gatehouse.token;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;

/** A token request: its form parameters, the {@code Authorization} header and the caller's address. */
public record TokenRequest(MultivaluedMap<String, String> form, String authorization, ClientInfo client) {

    /** The parameter, or null; {@code invalid_request} when it is sent more than once (RFC 6749 section 3.2). */
    public String param(String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new OAuthErrorException(400, "invalid_request", "The " + name + " parameter is repeated.");
        }
        String v = values.get(0);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The parameter, or {@code invalid_request} when it is missing. */
    public String required(String name) {
        String v = param(name);
        if (v == null) {
            throw new OAuthErrorException(400, "invalid_request", "The " + name + " parameter is required.");
        }
        return v;
    }

    /** Every value of a parameter that may repeat (RFC 8693 {@code audience}, RFC 8707 {@code resource}). */
    public List<String> all(String name) {
        List<String> values = form == null ? null : form.get(name);
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isEmpty()).toList();
    }
}
