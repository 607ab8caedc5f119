package dev.gatehouse.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Client errors that Vert.x raises before a request reaches a resource (a path or query that is
 * not valid percent-encoding, a body over {@code quarkus.http.limits.max-body-size}) would
 * otherwise go out as a bare status with an empty body. This answers them with the same problem
 * document (or RFC 6749 error on the OAuth2-style endpoints) that {@link ProblemMapper} gives.
 */
@ApplicationScoped
public class RouterProblems {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
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
