package dev.gatehouse.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Turns every exception into an RFC 9457 problem document (or an RFC 6749 error on the OAuth2
 * endpoints). Nothing from the exception but our own messages reaches the client.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Sent with every 401 caused by a bearer token, as RFC 6750 asks. */
    private static final String SOCIAL_PATH = "/auth/social/";
    public static final String BEARER_CHALLENGE = "Bearer realm=\"gatehouse\"";
    private static final java.util.concurrent.atomic.AtomicLong lastUnavailableLog = new java.util.concurrent.atomic.AtomicLong();

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response oauth(OAuthErrorException e) {
        Response.ResponseBuilder r = Response.status(e.status())
                .type("application/json")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(Map.of("error", e.error(), "error_description", e.getMessage()));
        if (e.retryAfterSeconds() > 0) {
            r.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return r.build();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Uni<Response> unauthorized(RoutingContext rc) {
        if (rc.request().path().startsWith(SOCIAL_PATH)) {
            // The social callbacks answer with the code-flow mechanism's challenge: a redirect to the provider.
            HttpAuthenticator authenticator = rc.get(HttpAuthenticator.class.getName());
            if (authenticator != null) {
                return authenticator.getChallenge(rc).map(c -> {
                    if (c == null) {
                        return bearerChallenge();
                    }
                    Response.ResponseBuilder r = Response.status(c.status).header(HttpHeaders.CACHE_CONTROL, "no-store");
                    c.getHeaders().forEach((name, value) -> r.header(name.toString(), value));
                    return r.build();
                });
            }
        }
        return Uni.createFrom().item(bearerChallenge());
    }

    /** A social login whose code exchange or token checks failed (bad code, PKCE mismatch, bad ID token). */
    @ServerExceptionMapper
    public Response socialLoginFailed(AuthenticationCompletionException e) {
        return respond(Problem.of(400, "social-login-failed", "Sign-in failed",
                "The provider's answer could not be verified; nobody was signed in. Start again."));
    }

    private static Response bearerChallenge() {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE)
                .entity(Problem.of(401, "unauthorized", "Unauthorized",
                        "A valid access token is required."))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "You may not do this."));
    }

    @ServerExceptionMapper
    public Response unavailable(DependencyUnavailableException e) {
        long now = System.currentTimeMillis();
        long last = lastUnavailableLog.get();
        if (now - last > 10_000 && lastUnavailableLog.compareAndSet(last, now)) {
            // At most one line per 10 s: an outage must not flood the log.
            LOG.warnf("Answering 503: %s (%s)", e.getMessage(), e.getCause() == null ? "-" : e.getCause().toString());
        }
        return Response.status(503)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .entity(Problem.of(503, "unavailable", "Service unavailable",
                        "A dependency of this service is unavailable. Try again shortly."))
                .build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return respond(Problem.of(400, "malformed-body", "Malformed request body",
                "The request body is not valid JSON of the expected shape."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        String detail = status == 400 ? "The request could not be read: check its body and parameters." : title + ".";
        return respond(Problem.of(status, slug(title), title, detail));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (isDatabaseUnavailable(e)) {
            return unavailable(new DependencyUnavailableException("database unreachable", e));
        }
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "Something went wrong on our side."));
    }

    /** A failure to reach the database (refused, dropped, pool exhausted) rather than a bug. */
    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                String message = sql.getMessage();
                if ((state != null && state.startsWith("08")) || (message != null && message.contains("Acquisition timeout"))) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
