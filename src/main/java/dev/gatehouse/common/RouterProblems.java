package dev.gatehouse.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Client errors that fail a Vert.x route with a bare status (this class's own form-size check,
 * and any other handler that calls {@code rc.fail(4xx)}) would otherwise go out with an empty
 * body; this answers them with the problem document (or RFC 6749 error on the OAuth2-style
 * endpoints) that {@link ProblemMapper} gives. Requests that Vert.x's HTTP codec or Quarkus's
 * body limit refuse before any route runs (an unparsable request line, e.g. bad percent-encoding
 * in the path or query; a URI or headers over the limit; a Content-Length over max-body-size)
 * never reach a route, so they keep Vert.x's bare 400/413/414/431.
 */
@ApplicationScoped
public class RouterProblems {

    /**
     * Largest form body let through to RESTEasy. Every form here is a few short fields; a larger one
     * that arrives in several chunks makes RESTEasy Reactive's form parser raise its 413 once per
     * chunk, and the second attempt to answer ends in a 500 with Quarkus's error page.
     */
    static final long MAX_FORM_BYTES = 16 * 1024;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33) && length != null
                    && (length.length() > 18 || parse(length) > MAX_FORM_BYTES)) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                rc.fail(413);
                return;
            }
            rc.next();
        });
    }

    private static long parse(String n) {
        try {
            return Long.parseLong(n.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    void handle(RoutingContext rc) {
        int status = rc.statusCode();
        HttpServerResponse response = rc.response();
        if (rc.failure() != null || status < 400 || status > 499 || response.headWritten() || response.ended()) {
            rc.next();
            return;
        }
        String detail = switch (status) {
            case 400 -> "The request is not well-formed: check its percent-encoding and character encoding.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> "The request was refused.";
        };
        JsonObject body;
        String type;
        if (ProblemMapper.isOAuthPath(rc.request().path())) {
            body = new JsonObject().put("error", "invalid_request").put("error_description", detail);
            type = "application/json";
            response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        } else {
            String title = status == 413 ? "Request entity too large" : status == 400 ? "Bad request" : "Client error";
            body = new JsonObject().put("type", Problem.TYPE_PREFIX + (status == 413 ? "request-entity-too-large"
                            : status == 400 ? "malformed-request" : "client-error"))
                    .put("title", title).put("status", status).put("detail", detail);
            type = Problem.MEDIA_TYPE;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type).end(body.encode());
    }
}
