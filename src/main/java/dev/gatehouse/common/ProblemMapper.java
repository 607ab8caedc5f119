package dev.gatehouse.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
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

    private static Map<String, Object> body(OAuthErrorException e) {
        if (e.extra().isEmpty()) {
            return Map.of("error", e.error(), "error_description", e.getMessage());
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        body.putAll(e.extra());
        return body;
    }

    @ServerExceptionMapper
    public Response oauth(OAuthErrorException e) {
        Response.ResponseBuilder r = Response.status(e.status())
                .type("application/json")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(body(e));
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
        return retryLater(5, Problem.of(503, "unavailable", "Service unavailable",
                "A dependency of this service is unavailable. Try again shortly."));
    }

    /** A 503 with {@code Retry-After}: transient, fail closed, nothing written. */
    private static Response retryLater(int seconds, Problem p) {
        return Response.status(503).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)).entity(p).build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, HttpServerRequest request) {
        return respond(malformedBody(), request);
    }

    /**
     * JSON of the wrong shape (an array or a number where an object belongs, a list for a string).
     * Without this, quarkus-rest-jackson's own mapper answers with its own body (naming the Java
     * type as {@code "objectName":"Class"}) or an empty 400.
     */
    @ServerExceptionMapper
    public Response wrongJsonShape(MismatchedInputException e, HttpServerRequest request) {
        return respond(malformedBody(), request);
    }

    private static Problem malformedBody() {
        return Problem.of(400, "malformed-body", "Malformed request body",
                "The request body is not valid JSON of the expected shape.");
    }

    /**
     * RESTEasy Reactive reports a form field or parameter that is not valid percent-encoding (or
     * not UTF-8 once decoded), and a {@code Content-Type} it cannot parse, as a bare
     * {@link IllegalArgumentException} from its request-reading code: that is the client's
     * mistake, a 400. Any other {@code IllegalArgumentException} is ours, a 500.
     */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, HttpServerRequest request) {
        if (isRequestDecoding(e)) {
            return respond(Problem.of(400, "malformed-request", "Malformed request",
                    "The request is not well-formed: check its percent-encoding, character encoding and Content-Type."), request);
        }
        return unexpected(e, request);
    }

    /** Whether {@code e} was thrown while RESTEasy Reactive decoded the request (URL/form decoding, header parsing). */
    static boolean isRequestDecoding(IllegalArgumentException e) {
        StackTraceElement[] stack = e.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 4); i++) {
            String c = stack[i].getClassName();
            if (c.startsWith("org.jboss.resteasy.reactive.common.util.URLUtils")
                    || c.startsWith("org.jboss.resteasy.reactive.common.headers.")
                    || c.startsWith("org.jboss.resteasy.reactive.common.util.MediaTypeHelper")) {
                return true;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        String detail = status == 400 ? "The request could not be read: check its body and parameters." : title + ".";
        return respond(Problem.of(status, slug(title), title, detail), request);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (isDatabaseUnavailable(e)) {
            return unavailable(new DependencyUnavailableException("database unreachable", e));
        }
        if (isConcurrencyConflict(e)) {
            // The database broke a lock cycle or gave up a lock: nothing was written, a retry works.
            LOG.warnf("Answering 503 to a concurrency conflict: %s", rootMessage(e));
            return retryLater(1, Problem.of(503, "busy", "Try again",
                    "A concurrent change to the same account got in the way; nothing was changed. Try again."));
        }
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "Something went wrong on our side."));
    }

    /**
     * A transaction the database rolled back to break a deadlock (40P01), a serialization failure
     * (40001) or a lock it could not get (55P03): transient, nothing written.
     */
    static boolean isConcurrencyConflict(Throwable e) {
        return anyInChain(e, t -> t instanceof org.hibernate.exception.LockAcquisitionException
                || t instanceof jakarta.persistence.PessimisticLockException || t instanceof jakarta.persistence.LockTimeoutException
                || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001") || sql.getSQLState().equals("55P03"))));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** A failure to reach the database (refused, dropped, pool exhausted) rather than a bug. */
    static boolean isDatabaseUnavailable(Throwable e) {
        return anyInChain(e, ProblemMapper::isConnectionFailure);
    }

    /**
     * Whether {@code test} holds for {@code e}, its causes, or what any of them suppressed: a failed
     * commit (Narayana's {@code RollbackException}) carries the driver's error as a suppressed
     * {@code XAException}, not as its cause.
     */
    private static boolean anyInChain(Throwable e, java.util.function.Predicate<Throwable> test) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        if (e != null) {
            todo.add(e);
        }
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                || t instanceof org.hibernate.exception.JDBCConnectionException || t instanceof java.net.ConnectException) {
            return true;
        }
        if (t instanceof java.sql.SQLException sql) {
            String state = sql.getSQLState();
            String message = sql.getMessage();
            // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or
            // starting (a restart or failover); 53300: too many connections.
            return (state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")))
                    || (message != null && message.contains("Acquisition timeout"));
        }
        return false;
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /**
     * A problem document, except on the endpoints that speak OAuth 2.0 (the token-style form
     * endpoints), where a client error is an RFC 6749 {@code {error, error_description}}.
     */
    private static Response respond(Problem p, HttpServerRequest request) {
        if (p.status() >= 400 && p.status() < 500 && request != null && isOAuthPath(request.path())) {
            return Response.status(p.status())
                    .type("application/json")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("Pragma", "no-cache")
                    .entity(Map.of("error", "invalid_request", "error_description", p.detail()))
                    .build();
        }
        return respond(p);
    }

    /** Paths whose errors are RFC 6749 errors (README: /auth/login and the OAuth2 endpoints). */
    public static boolean isOAuthPath(String path) {
        return path != null && (path.equals("/auth/login") || path.equals("/auth/refresh") || path.startsWith("/oauth2/")
                || path.equals("/auth/revocations"));
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
