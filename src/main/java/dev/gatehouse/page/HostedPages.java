package dev.gatehouse.page;

import dev.gatehouse.session.ReturnUrls;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders every hosted page the same way. A resource starts with {@link #begin(HttpHeaders)} (the
 * reader's locale from {@code Accept-Language}, the CSRF token from the cookie or a new one), checks
 * a form with {@link Page#csrfAccepted(String)}, and answers with {@link Page#render(int, TemplateInstance)}:
 * the template gets {@code brand} ({@link Brand}), {@code csrf} (the token for the hidden field),
 * {@code lang} (for {@code <html lang>}) and the locale for {@code {msg:…}}; the response gets the
 * strict CSP (no script, no inline style), {@code Cache-Control: no-store}, {@code Content-Language}
 * and the CSRF cookie when the token is new.
 */
@ApplicationScoped
public class HostedPages {

    private final Branding branding;
    private final PageLocales locales;
    private final Brand brand;
    private final String imgSrc;
    private final List<String> formTargets;

    public HostedPages(Branding branding, PageLocales locales, ReturnUrls returnUrls) {
        this.branding = branding;
        this.locales = locales;
        this.brand = new Brand(branding.name(), branding.logoUrl(), branding.supportUrl(), branding.appUrl());
        // img-src data: for the enrolment QR code (a PNG data URL); the logo's origin when it is elsewhere.
        this.imgSrc = "'self' data:" + (branding.logoOrigin() == null ? "" : " " + branding.logoOrigin());
        // form-action also covers the redirect after a POST, so it lists the allowed return origins.
        Set<String> targets = new LinkedHashSet<>(List.of("'self'"));
        targets.addAll(returnUrls.allowedOrigins());
        this.formTargets = List.copyOf(targets);
    }

    /** What {@code page.html} shows; every field but {@code name} may be null. */
    @TemplateData
    public record Brand(String name, String logoUrl, String supportUrl, String appUrl) {
    }

    /** The page of one request: its locale and CSRF token. */
    public Page begin(HttpHeaders headers) {
        Cookie c = headers.getCookies().get(Csrf.COOKIE);
        String cookie = c == null ? null : c.getValue();
        return new Page(locales.resolve(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)), cookie);
    }

    /** The checked branding. */
    public Branding branding() {
        return branding;
    }

    /** The page of one request; not shared between requests. */
    public final class Page {

        private final Locale locale;
        private final String cookie;
        private String token;
        private final Set<String> extraFormTargets = new LinkedHashSet<>();
        private boolean ownScripts;

        private Page(Locale locale, String cookie) {
            this.locale = locale;
            this.cookie = cookie;
            this.token = Csrf.usable(cookie) != null ? cookie : Csrf.newToken();
        }

        public Locale locale() {
            return locale;
        }

        /** The texts in the reader's language, for messages built in Java. */
        public Messages msg() {
            return locales.messages(locale);
        }

        /** The token the page's forms carry in their hidden {@code csrf} field. */
        public String csrf() {
            return token;
        }

        /** True when a form's {@code csrf} field matches this browser's cookie. */
        public boolean csrfAccepted(String field) {
            return Csrf.matches(cookie, field);
        }

        /** A new CSRF token (and cookie) for the page about to be rendered, e.g. after a refused form. */
        public Page freshCsrf() {
            token = Csrf.newToken();
            return this;
        }

        /** Adds an origin to the CSP's {@code form-action} (a redirect after this page's form ends there); null is ignored. */
        public Page allowFormTarget(String origin) {
            if (origin != null && !origin.isBlank()) {
                extraFormTargets.add(origin);
            }
            return this;
        }

        /**
         * Lets the page run this origin's own static scripts and call this origin
         * ({@code script-src 'self'; connect-src 'self'}): the passkey ceremonies of the sign-in page
         * and the code step ({@code /assets/passkeys.js}). Still no inline script, no eval.
         */
        public Page allowOwnScripts() {
            ownScripts = true;
            return this;
        }

        /** A date and time in the reader's locale (UTC: the page has no script to learn the reader's zone). */
        public String dateTime(Instant instant) {
            return instant == null ? null : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                    .withLocale(locale).withZone(ZoneOffset.UTC).format(instant) + " UTC";
        }

        /** A date in the reader's locale (UTC). */
        public String date(Instant instant) {
            return instant == null ? null : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                    .withLocale(locale).withZone(ZoneOffset.UTC).format(instant);
        }

        /** The rendered page with the hosted pages' headers (and the CSRF cookie when new); add cookies and build. */
        public Response.ResponseBuilder render(int status, TemplateInstance html) {
            html.data("brand", brand).data("csrf", token).data("lang", locale.toLanguageTag());
            html.setLocale(locale);
            Response.ResponseBuilder r = Response.status(status).entity(html.render())
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Content-Security-Policy", contentSecurityPolicy())
                    .header("Content-Language", locale.toLanguageTag())
                    .header("Vary", "Accept-Language, Cookie")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
            if (!token.equals(cookie)) {
                r.cookie(Csrf.cookie(token));
            }
            return r;
        }

        /** No script (unless {@link #allowOwnScripts}), styles only from our stylesheets, forms only to us and the allowed return origins. */
        public String contentSecurityPolicy() {
            Set<String> targets = new LinkedHashSet<>(formTargets);
            targets.addAll(extraFormTargets);
            return "default-src 'none'; style-src 'self'; img-src " + imgSrc + "; form-action " + String.join(" ", targets)
                    + "; frame-ancestors 'none'; base-uri 'none'" + (ownScripts ? "; script-src 'self'; connect-src 'self'" : "");
        }
    }
}
