package dev.gatehouse.verifier.jaxrs;

import dev.gatehouse.verifier.GatehouseVerifier;
import dev.gatehouse.verifier.TestIssuer;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter against a stand-in request context: what it sets, and what it answers. */
class GatehouseAuthFilterTest {

    TestIssuer issuer;
    GatehouseVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new TestIssuer();
        verifier = issuer.verifier();
    }

    @AfterEach
    void tearDown() {
        verifier.close();
        issuer.close();
    }

    /** A request context that records what the filter did. */
    static final class Request {
        final Map<String, Object> state = new HashMap<>();
        final ContainerRequestContext context;

        Request(String authorization) {
            context = (ContainerRequestContext) Proxy.newProxyInstance(Request.class.getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaderString" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                        case "abortWith" -> state.put("abort", args[0]);
                        case "setSecurityContext" -> state.put("security", args[0]);
                        case "getSecurityContext" -> null;
                        case "setProperty" -> state.put((String) args[0], args[1]);
                        default -> null;
                    });
        }

        Response aborted() {
            return (Response) state.get("abort");
        }

        SecurityContext security() {
            return (SecurityContext) state.get("security");
        }
    }

    @Test
    void filterWhenValidTokenThenGroupsAreRoles() throws Exception {
        verifier.pollNow();
        Request r = new Request("Bearer " + issuer.token());
        new GatehouseAuthFilter(verifier).filter(r.context);
        assertNull(r.aborted());
        assertTrue(r.security().isUserInRole("user"));
        assertFalse(r.security().isUserInRole("admin"));
        assertEquals("Bearer", r.security().getAuthenticationScheme());
    }

    @Test
    void filterWhenForgedTokenThen401WithChallenge() throws Exception {
        verifier.pollNow();
        GatehouseAuthFilter.Outcome o = GatehouseAuthFilter.decide(verifier, "Bearer " + issuer.token() + "x");
        assertEquals(401, o.status());
        assertEquals("Bearer error=\"invalid_token\"", o.challenge());
        assertNull(o.token());
    }

    @Test
    void filterWhenFeedNotReadThen503() throws Exception {
        GatehouseAuthFilter.Outcome o = GatehouseAuthFilter.decide(verifier, "bearer " + issuer.token());
        assertEquals(503, o.status());
        assertNull(o.token());
    }

    @Test
    void filterWhenNoBearerThenAnonymousPassesOn() {
        Request r = new Request(null);
        new GatehouseAuthFilter(verifier).filter(r.context);
        assertNull(r.aborted());
        assertNull(r.security());
    }
}
