package dev.gatehouse.token;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;

/** A token request: its form parameters, the {@code Authorization} header and the caller's address. */
public record TokenRequest(MultivaluedMap<String, String> form, String authorization, ClientInfo client) {

    /**
     * Reads an {@code application/x-www-form-urlencoded} body strictly: bad percent-encoding or
     * invalid UTF-8 is {@code invalid_request}, never a server error.
     */
    public static MultivaluedMap<String, String> parseForm(byte[] body) {
        MultivaluedMap<String, String> form = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        if (body == null || body.length == 0) {
            return form;
        }
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            form.add(name, value);
        }
        return form;
    }

    private static String decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new OAuthErrorException(400, "invalid_request", "The form is not valid percent-encoding.");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7F) {
                throw new OAuthErrorException(400, "invalid_request", "The form must be percent-encoded ASCII.");
            } else {
                out.write(c);
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new OAuthErrorException(400, "invalid_request", "The form is not valid UTF-8.");
        }
    }

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
