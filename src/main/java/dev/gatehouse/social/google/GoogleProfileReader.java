package dev.gatehouse.social.google;

import dev.gatehouse.account.EmailAddress;
import dev.gatehouse.social.ProviderProfile;
import dev.gatehouse.social.SocialLoginRefused;
import dev.gatehouse.social.SocialProvider;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Google (or any OpenID Connect provider standing in for it): the profile comes from the ID token
 * that quarkus-oidc has already verified (signature against the provider's JWKS, {@code iss},
 * {@code aud} = our client id, expiry, and the nonce bound to this browser's state cookie).
 */
@ApplicationScoped
public class GoogleProfileReader {

    public ProviderProfile read(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken idToken)) {
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "no ID token");
        }
        String subject = idToken.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 255) {
            throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_ERROR, "ID token without a usable sub");
        }
        String email = text(idToken.getClaim("email"));
        String normalised = email == null ? null : EmailAddress.normalise(email);
        boolean verified = normalised != null && EmailAddress.isValid(normalised) && isTrue(idToken.getClaim("email_verified"));
        return new ProviderProfile(SocialProvider.GOOGLE, subject, verified ? normalised : null, verified,
                text(idToken.getClaim("name")), null);
    }

    static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim instanceof String s ? s : null;
    }

    /** {@code email_verified} is a JSON boolean; some providers send the string "true". */
    static boolean isTrue(Object claim) {
        return Boolean.TRUE.equals(claim) || JsonValue.TRUE.equals(claim)
                || (claim instanceof JsonString s && "true".equals(s.getString())) || "true".equals(claim);
    }
}
