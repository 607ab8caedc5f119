package dev.gatehouse.token;

import dev.gatehouse.common.ClientInfo;

import java.util.Map;

/**
 * Introspection (RFC 7662) of a kind of credential other packages own, such as API keys. The
 * introspection endpoint asks each bean whether the token is of its kind before its own checks.
 */
public interface TokenIntrospector {

    /** Whether the token is of this kind (by its form alone, no I/O). */
    boolean handles(String token);

    /** The introspection answer ({@code active: false} when not valid). Blocking: called on a worker thread. */
    Map<String, Object> introspect(String token, ClientInfo client);
}
