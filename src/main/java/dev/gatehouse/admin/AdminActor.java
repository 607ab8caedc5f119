package dev.gatehouse.admin;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * The admin making the current request, for the audit trail: every admin action records who did
 * it as well as whom it touched. The audit table has no actor column yet, so the actor goes into
 * the event's detail as {@code by <account uuid>}, first, where a search for it finds it.
 */
@ApplicationScoped
public class AdminActor {

    private final SecurityIdentity identity;

    public AdminActor(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The acting admin's account id: the bearer token's {@code sub}. */
    public UUID id() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return UUID.fromString(jwt.getSubject());
        }
        return UUID.fromString(identity.getPrincipal().getName());
    }

    /** {@code by <actor>}, then {@code detail} when there is one. */
    public String detail(String detail) {
        return "by " + id() + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
