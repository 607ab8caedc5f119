package dev.gatehouse.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens an endpoint to access tokens issued to an OpenID Provider client (they carry
 * {@code client_id}). Every other Gatehouse endpoint refuses them (403): a client the person let
 * read their profile must not manage the account, mint API keys or act as an admin with the
 * person's roles. Today only UserInfo carries it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ClientTokenAllowed {
}
