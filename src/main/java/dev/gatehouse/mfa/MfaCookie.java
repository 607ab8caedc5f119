package dev.gatehouse.mfa;

import dev.gatehouse.common.HostCookie;
import jakarta.ws.rs.core.NewCookie;

/**
 * The browser's pending sign-in on the hosted pages: the {@code mfa_token} in a {@code __Host-}
 * cookie (never in a URL or the page), from the password form or a social callback to the code
 * step at {@code /login/mfa}. SameSite=Lax, because a social sign-in reaches it through the
 * provider's cross-site redirect.
 */
public final class MfaCookie {

    public static final String NAME = "__Host-gatehouse-mfa";

    private MfaCookie() {
    }

    public static NewCookie issue(MfaService.Pending pending) {
        return HostCookie.of(NAME, pending.mfaToken(), (int) pending.expiresIn(), NewCookie.SameSite.LAX);
    }

    public static NewCookie clear() {
        return HostCookie.of(NAME, "", 0, NewCookie.SameSite.LAX);
    }
}
