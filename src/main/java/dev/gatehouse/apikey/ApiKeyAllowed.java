package dev.gatehouse.apikey;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or class) that an identity authenticated by an API key may call,
 * directly or through a token exchanged for a key. Every other endpoint refuses such an identity
 * with 403 ({@link ApiKeyGuard}): deny by default, so a new endpoint can never be managed by a key.
 * Only read endpoints should carry it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ApiKeyAllowed {
}
