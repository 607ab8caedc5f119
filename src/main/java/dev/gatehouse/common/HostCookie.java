package dev.gatehouse.common;

import jakarta.ws.rs.core.NewCookie;

/** Our cookies: {@code __Host-} names, so always Secure, HttpOnly, Path=/ and no Domain. */
public final class HostCookie {

    private HostCookie() {
    }

    public static NewCookie of(String name, String value, int maxAge, NewCookie.SameSite sameSite) {
        return new NewCookie.Builder(name).value(value).path("/").secure(true).httpOnly(true)
                .sameSite(sameSite).maxAge(maxAge).build();
    }

    /** A cookie without Max-Age: it lasts as long as the browser session. */
    public static NewCookie of(String name, String value, NewCookie.SameSite sameSite) {
        return of(name, value, NewCookie.DEFAULT_MAX_AGE, sameSite);
    }
}
