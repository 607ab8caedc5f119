package dev.gatehouse.token;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revocation feed: services that verify tokens offline poll it with the cursor it returned
 * last time and reject the listed {@code jti}s and tokens issued before an account's watermark.
 */
@Path("/auth/revocations")
@Tag(name = "token")
@Produces(MediaType.APPLICATION_JSON)
public class RevocationFeedResource {

    private static final int FEED_PAGE = 1000;

    private final ServiceClients clients;
    private final RevocationService revocations;

    public RevocationFeedResource(ServiceClients clients, RevocationService revocations) {
        this.clients = clients;
        this.revocations = revocations;
    }

    @GET
    @Operation(summary = "Revocations that can still matter, after a cursor (service clients); the last minute's "
            + "entries at or before the cursor are sent again, for ones committed out of sequence order")
    public Response feed(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("since") String since,
                         @Context HttpServerRequest request) {
        clients.require(authorization, ClientInfo.of(request));
        long cursor;
        try {
            cursor = since == null || since.isEmpty() ? 0 : Long.parseLong(since);
            if (cursor < 0) {
                throw new NumberFormatException("negative");
            }
        } catch (NumberFormatException e) {
            throw new OAuthErrorException(400, "invalid_request", "since must be a cursor returned by this endpoint.");
        }
        List<Map<String, Object>> tokens = new ArrayList<>();
        List<Map<String, Object>> accounts = new ArrayList<>();
        long next = cursor;
        List<RevocationFeedEntry> entries = new ArrayList<>(revocations.feedLookback(cursor, FEED_PAGE));
        List<RevocationFeedEntry> after = revocations.feedAfter(cursor, FEED_PAGE);
        entries.addAll(after);
        for (RevocationFeedEntry e : after) {
            next = Math.max(next, e.seq);
        }
        for (RevocationFeedEntry e : entries) {
            if (RevocationFeedEntry.KIND_TOKEN.equals(e.kind)) {
                tokens.add(Map.of("jti", e.subject, "exp", e.expiresAt.getEpochSecond()));
            } else {
                accounts.add(Map.of("sub", e.subject, "not_before", e.notBefore.getEpochSecond(), "exp", e.expiresAt.getEpochSecond()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revoked_tokens", tokens);
        body.put("account_watermarks", accounts);
        body.put("next_cursor", Long.toString(next));
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

}
