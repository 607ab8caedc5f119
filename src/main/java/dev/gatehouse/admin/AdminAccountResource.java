package dev.gatehouse.admin;

import dev.gatehouse.account.Account;
import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.AccountView;
import dev.gatehouse.audit.AuditEvent;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.session.SessionService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Accounts and the audit log, for role {@code admin}. */
@Path("/admin")
@Tag(name = "admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "password")
@Produces(MediaType.APPLICATION_JSON)
public class AdminAccountResource {

    private static final int MAX_PAGE_SIZE = 200;
    private static final Set<String> KNOWN_ROLES = Set.of(Account.ROLE_USER, Account.ROLE_ADMIN);

    private final AccountService accounts;
    private final SessionService sessions;
    private final AuditLog audit;
    private final AdminActor actor;
    private final MfaService mfa;

    private final dev.gatehouse.lifecycle.PasswordResetService resets;

    public AdminAccountResource(AccountService accounts, SessionService sessions, AuditLog audit, AdminActor actor, MfaService mfa,
                                dev.gatehouse.lifecycle.PasswordResetService resets) {
        this.resets = resets;
        this.mfa = mfa;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.actor = actor;
    }

    /** A page of results. */
    public record Page<T>(List<T> items, int page, int size) {
    }

    /** Body of {@code PUT /admin/accounts/{id}/roles}. */
    public record RolesRequest(List<String> roles) {
    }

    /** An audit event as admins see it. */
    public record AuditView(UUID id, Instant occurredAt, AuditEventType type, UUID accountId, String clientAddress,
                            String userAgent, String detail) {
        static AuditView of(AuditEvent e) {
            return new AuditView(e.id, e.occurredAt, e.type, e.accountId, e.clientAddress, e.userAgent, e.detail);
        }
    }

    @GET
    @Path("/accounts")
    @Operation(summary = "List or search accounts (by e-mail substring), paged")
    public Page<AccountView> list(@QueryParam("q") String q, @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("50") int size) {
        checkPaging(page, size);
        return new Page<>(accounts.search(q, page, size), page, size);
    }

    @GET
    @Path("/accounts/{id}")
    @Operation(summary = "One account")
    public AccountView read(@PathParam("id") String id) {
        return accounts.view(uuid(id)).orElseThrow(AdminAccountResource::notFound);
    }

    @POST
    @Path("/accounts/{id}/disable")
    @Operation(summary = "Disable: every token and session stops at once")
    public Response disable(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID account = uuid(id);
        // setActive(false) ends every session and token in the same transaction, so enabling later revives none.
        if (!accounts.setActive(account, false)) {
            throw notFound();
        }
        mfa.endPendingSignIns(account);
        audit.record(AuditEventType.ACCOUNT_DISABLED, account, ClientInfo.of(request), actor.detail(null));
        return Response.noContent().build();
    }

    @POST
    @Path("/accounts/{id}/enable")
    @Operation(summary = "Enable a disabled account")
    public Response enable(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID account = uuid(id);
        if (!accounts.setActive(account, true)) {
            throw notFound();
        }
        audit.record(AuditEventType.ACCOUNT_ENABLED, account, ClientInfo.of(request), actor.detail(null));
        return Response.noContent().build();
    }

    @PUT
    @Path("/accounts/{id}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the roles; every token and session of the account ends at once (it signs in again)")
    public AccountView roles(@PathParam("id") String id, RolesRequest body, @Context HttpServerRequest request) {
        UUID account = uuid(id);
        // Set.of(...).containsAll throws on a null element, so nulls are refused first.
        if (body == null || body.roles() == null || body.roles().isEmpty() || body.roles().contains(null)
                || !KNOWN_ROLES.containsAll(body.roles())) {
            throw ProblemException.invalid("roles_invalid", "roles must be a non-empty list of " + KNOWN_ROLES + ".");
        }
        // Tokens carry the roles in groups: a demoted admin must not keep admin tokens for their
        // lifetime. setRoles ends every session and token with the change, so the account signs in
        // again and gets tokens with the new roles.
        if (!accounts.setRoles(account, new LinkedHashSet<>(body.roles()))) {
            throw notFound();
        }
        audit.record(AuditEventType.ROLE_CHANGED, account, ClientInfo.of(request),
                actor.detail("roles " + String.join(",", body.roles()) + "; tokens and sessions ended"));
        return accounts.view(account).orElseThrow(AdminAccountResource::notFound);
    }

    @POST
    @Path("/accounts/{id}/logout-all")
    @Operation(summary = "End every session and token of the account")
    public Response logoutAll(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID account = uuid(id);
        accounts.view(account).orElseThrow(AdminAccountResource::notFound);
        sessions.logoutAll(account, ClientInfo.of(request), actor.detail(null));
        return Response.noContent().build();
    }

    @DELETE
    @Path("/accounts/{id}/mfa")
    @Operation(summary = "Reset the account's MFA (TOTP and backup codes removed), for a person who lost both; audited")
    public Response resetMfa(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID account = uuid(id);
        accounts.view(account).orElseThrow(AdminAccountResource::notFound);
        mfa.reset(account, ClientInfo.of(request), actor.detail("admin reset"));
        return Response.noContent().build();
    }

    @POST
    @Path("/accounts/{id}/password-reset")
    @Operation(summary = "Mail the account's owner a password-reset link (the admin never sees or sets the password); audited")
    public Response sendPasswordReset(@PathParam("id") String id, @Context HttpServerRequest request) {
        if (!resets.sendByAdmin(uuid(id), actor.detail("reset mail"), ClientInfo.of(request))) {
            throw notFound();
        }
        return Response.accepted().build();
    }

    @DELETE
    @Path("/accounts/{id}")
    @Operation(summary = "Delete the account; its audit trail stays under its pseudonymous id")
    public Response delete(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID account = uuid(id);
        // delete() ends every session and token in the same transaction.
        if (!accounts.delete(account)) {
            throw notFound();
        }
        audit.record(AuditEventType.ACCOUNT_DELETED, account, ClientInfo.of(request), actor.detail(null));
        return Response.noContent().build();
    }

    @GET
    @Path("/audit")
    @Operation(summary = "Audit events, newest first, filtered by account, type and time range, paged")
    public Page<AuditView> audit(@QueryParam("account") String account, @QueryParam("type") String type,
                                 @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        checkPaging(page, size);
        AuditEventType t;
        try {
            t = type == null || type.isBlank() ? null : AuditEventType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("type_invalid", "Unknown audit event type.");
        }
        List<AuditView> items = audit.query(account == null || account.isBlank() ? null : uuid(account), t, instant(from), instant(to), page, size)
                .stream().map(AuditView::of).toList();
        return new Page<>(items, page, size);
    }

    /** The page's offset (page x size) must fit the int the query takes, or it would wrap to a negative offset. */
    private static void checkPaging(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || (long) page * size > Integer.MAX_VALUE) {
            throw ProblemException.invalid("paging_invalid", "page must be >= 0, size between 1 and " + MAX_PAGE_SIZE
                    + ", and page x size at most " + Integer.MAX_VALUE + ".");
        }
    }

    /** Audit times the database can hold (PostgreSQL's timestamptz ends in 294276; H2's range is narrower still). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Instant t;
        try {
            t = Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("time_invalid", "Times are ISO-8601 instants, e.g. 2026-01-31T12:00:00Z.");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ProblemException.invalid("time_invalid", "Times are ISO-8601 instants between the years 1 and 9999.");
        }
        return t;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "not-found", "Not found", "No such account.");
    }
}
