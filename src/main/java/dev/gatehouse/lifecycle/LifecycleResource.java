package dev.gatehouse.lifecycle;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.Languages;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.protection.RateLimiter;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.UUID;

/** E-mail verification, password reset and e-mail change for programs (the hosted pages call the same services). */
@Path("/auth")
@Tag(name = "account lifecycle")
@Produces(MediaType.APPLICATION_JSON)
public class LifecycleResource {

    /** The one answer to every well-formed forgot-password and resend request. */
    static final Map<String, String> ACCEPTED = Map.of("status", "accepted",
            "detail", "If an account has this address, a mail with a link is on its way.");

    private final EmailVerificationService verification;
    private final PasswordResetService resets;
    private final EmailChangeService changes;
    private final RateLimiter limiter;
    private final LifecycleConfig config;
    private final SecurityIdentity identity;

    public LifecycleResource(EmailVerificationService verification, PasswordResetService resets, EmailChangeService changes,
                             RateLimiter limiter, LifecycleConfig config, SecurityIdentity identity) {
        this.verification = verification;
        this.resets = resets;
        this.changes = changes;
        this.limiter = limiter;
        this.config = config;
        this.identity = identity;
    }

    /**
     * Body of {@code POST /auth/email/verify}: the link's token, and, when the caller sends no bearer
     * token of the link's account, that account's password (with {@code otp} or {@code backupCode}
     * when it has an authenticator app).
     */
    public record VerifyRequest(String token, String password, String otp, String backupCode) {
    }

    /** Body of {@code POST /auth/email/resend} and {@code POST /auth/password/forgot}. */
    public record AddressRequest(String email) {
    }

    /** Body of {@code POST /auth/password/reset}. */
    public record ResetRequest(String token, String newPassword, String otp, String backupCode) {
    }

    /** Body of {@code POST /auth/email/change}. */
    public record ChangeRequest(String newEmail, String currentPassword, String otp, String backupCode) {
    }

    @POST
    @Path("/email/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem an e-mail verification (or e-mail change) link's token, signed in as its account or with its password")
    public Map<String, Object> verify(VerifyRequest body, @Context HttpServerRequest request) {
        ClientInfo client = ClientInfo.of(request);
        limiter.require("lifecycle-redeem-address", client.limitKey(), config.redeemPerAddress());
        VerifyRequest r = require(body);
        EmailVerificationService.Verified v = verification.verify(r.token(),
                new EmailVerificationService.Confirmation(signedInAccount(), r.password(), r.otp(), r.backupCode()), client);
        return Map.of("email", v.email(), "emailVerified", true, "emailChanged", v.changed());
    }

    @POST
    @Path("/email/resend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mail a new verification link; the same 202 whether or not an account has the address")
    public Response resend(AddressRequest body, @Context HttpServerRequest request, @Context HttpHeaders headers) {
        verification.requestResend(require(body).email(), Languages.requested(headers), ClientInfo.of(request));
        return accepted();
    }

    @POST
    @Path("/password/forgot")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mail a password-reset link; the same 202, in the same time, whether or not an account has the address")
    public Response forgot(AddressRequest body, @Context HttpServerRequest request, @Context HttpHeaders headers) {
        resets.forgot(require(body).email(), Languages.requested(headers), ClientInfo.of(request));
        return accepted();
    }

    @POST
    @Path("/password/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a new password with a reset link's token (and the second factor when MFA is on); ends every session")
    public Response reset(ResetRequest body, @Context HttpServerRequest request) {
        ResetRequest r = require(body);
        resets.reset(r.token(), r.newPassword(), r.otp(), r.backupCode(), ClientInfo.of(request));
        return Response.noContent().build();
    }

    @POST
    @Path("/email/change")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "password")
    @Operation(summary = "Ask to change the e-mail address (needs the password, and a code when MFA is on); the new address gets a link")
    public Response change(ChangeRequest body, @Context HttpServerRequest request, @Context HttpHeaders headers) {
        ChangeRequest r = require(body);
        changes.request(UUID.fromString(identity.getPrincipal().getName()), r.newEmail(), r.currentPassword(), r.otp(), r.backupCode(),
                Languages.requested(headers), ClientInfo.of(request));
        return accepted();
    }

    private static Response accepted() {
        return Response.accepted(ACCEPTED).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static <T> T require(T body) {
        if (body == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        return body;
    }

    /** The account of the caller's bearer token (access token or API key), or null when anonymous. */
    private UUID signedInAccount() {
        if (identity.isAnonymous()) {
            return null;
        }
        try {
            return UUID.fromString(identity.getPrincipal().getName());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
