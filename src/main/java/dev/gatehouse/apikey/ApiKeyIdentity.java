package dev.gatehouse.apikey;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;

/** How code tells that a caller came in with an API key. */
public final class ApiKeyIdentity {

    /** The {@code amr} value of a key, in the identity and in exchanged tokens. */
    public static final String AMR = "api_key";
    /** SecurityIdentity attribute: the {@code amr} list ({@code ["api_key"]} for a key). */
    public static final String AMR_ATTRIBUTE = "gatehouse.amr";
    /** SecurityIdentity attribute: the key's id (a UUID string). */
    public static final String KEY_ID_ATTRIBUTE = "gatehouse.api-key-id";

    private ApiKeyIdentity() {
    }

    /** The identity's {@code amr}: the attribute, else the bearer token's claim, else empty. */
    public static List<String> amr(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return List.of();
        }
        Object attribute = identity.getAttribute(AMR_ATTRIBUTE);
        if (attribute instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim("amr");
            if (claim instanceof Collection<?> c) {
                return c.stream().map(v -> v instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(v)).toList();
            }
        }
        return List.of();
    }

    /** Whether the caller used a key, directly or through a token exchanged for one. */
    public static boolean isKey(SecurityIdentity identity) {
        return amr(identity).contains(AMR);
    }
}
