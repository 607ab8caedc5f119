package dev.gatehouse.token;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The service clients of {@code gatehouse.token.service-clients}, checked by HTTP Basic in constant time. */
@ApplicationScoped
public class ServiceClients {

    private final Map<String, byte[]> secrets = new HashMap<>();

    public ServiceClients(TokenConfig config) {
        config.serviceClients().ifPresent(list -> list.forEach(entry -> {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalStateException("gatehouse.token.service-clients entries must be id:secret");
            }
            secrets.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8));
        }));
    }

    /** The client id, or 401 {@code invalid_client} (RFC 6749 section 5.2). */
    public String require(String authorization) {
        String id = authenticate(authorization);
        if (id == null) {
            throw new dev.gatehouse.common.OAuthErrorException(401, "invalid_client", "Service client authentication failed.");
        }
        return id;
    }

    /** The client id when {@code authorization} is valid Basic credentials of a configured client, else null. */
    public String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String id = decoded.substring(0, colon);
        byte[] expected = secrets.get(id);
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        // Compare even for unknown ids, so timing does not tell which ids exist.
        boolean ok = MessageDigest.isEqual(expected == null ? new byte[given.length + 1] : expected, given);
        return ok && expected != null ? id : null;
    }
}
