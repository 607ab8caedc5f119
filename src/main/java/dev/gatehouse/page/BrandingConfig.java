package dev.gatehouse.page;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * How the hosted pages look: the product's name, logo, colour and support link. Every key maps to
 * a {@code GATEHOUSE_BRAND_*} environment variable. Checked at startup by {@link Branding}: a bad
 * colour or URL stops the service rather than reaching a page.
 */
@ConfigMapping(prefix = "gatehouse.brand")
public interface BrandingConfig {

    /** Product name ({@code GATEHOUSE_BRAND_NAME}) in every page's title and header; plain text, at most 80 characters. */
    @WithDefault("Gatehouse")
    String name();

    /**
     * Logo ({@code GATEHOUSE_BRAND_LOGO_URL}): an absolute {@code https://} URL, or a path under this
     * service such as {@code /assets/logo.svg} (files under {@code META-INF/resources}). Its origin is
     * added to the pages' {@code img-src}. None by default: the name alone is shown.
     */
    Optional<String> logoUrl();

    /**
     * Primary colour ({@code GATEHOUSE_BRAND_PRIMARY_COLOR}) of buttons and links: {@code #rgb} or
     * {@code #rrggbb} only (it is written into a stylesheet, so nothing else is accepted). Text on it is
     * white or black, whichever contrasts more.
     */
    @WithDefault("#1d4ed8")
    String primaryColor();

    /** Support link ({@code GATEHOUSE_BRAND_SUPPORT_URL}) in every page's footer: {@code https://}, {@code mailto:} or a path. None by default. */
    Optional<String> supportUrl();

    /**
     * The application's address ({@code GATEHOUSE_BRAND_APP_URL}) for the "back to the app" links on
     * the signed-in, signed-out and account pages: {@code https://} (or {@code http://} on localhost)
     * or a path. None by default: the link is left out.
     */
    Optional<String> appUrl();
}
