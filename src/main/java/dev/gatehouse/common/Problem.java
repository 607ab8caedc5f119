package dev.gatehouse.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code type} is stable per kind of error; {@code detail} is meant
 * for people and never carries a class name, stack trace, SQL or secret. {@code rule} names the
 * broken input rule where there is one (for example {@code password_too_short}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String rule) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:gatehouse:problem:";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null);
    }
}
