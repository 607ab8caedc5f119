package dev.gatehouse.page;

import dev.gatehouse.common.HostCookie;
import jakarta.ws.rs.core.NewCookie;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The hosted pages' CSRF rule, one implementation for every form: a double-submit token. A page
 * puts a random 256-bit token in a hidden {@code csrf} field and in the {@code __Host-gatehouse-csrf}
 * cookie (Secure, HttpOnly, SameSite=Strict, no Domain, so neither another site nor a sibling
 * subdomain can set or send it); a POST is accepted only when both are present and equal. The token
 * lives as long as the browser session and is reused across pages, so several tabs work.
 */
public final class Csrf {

    public static final String COOKIE = "__Host-gatehouse-csrf";
    /** The form field every hosted form carries. */
    public static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** True when the cookie's token and the form's are present and equal (constant time). */
    public static boolean matches(String cookie, String field) {
        return cookie != null && field != null && !cookie.isEmpty()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
    }

    /** The cookie's token when it looks like one of ours, else null. */
    public static String usable(String cookie) {
        return cookie != null && cookie.length() >= 43 && cookie.length() <= 64 ? cookie : null;
    }

    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static NewCookie cookie(String token) {
        return HostCookie.of(COOKIE, token, NewCookie.SameSite.STRICT);
    }
}
