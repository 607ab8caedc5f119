package dev.gatehouse.page;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checked branding: what {@code page.html} shows ({@code {brand.name}}, {@code {brand.logoUrl}},
 * {@code {brand.supportUrl}}, {@code {brand.appUrl}}) and the colours of {@code /assets/brand.css}.
 * A value that could break out of an attribute or a stylesheet is refused at startup.
 */
@ApplicationScoped
public class Branding {

    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    private final String name;
    private final String logoUrl;
    private final String logoOrigin;
    private final String supportUrl;
    private final String appUrl;
    private final String primary;

    public Branding(BrandingConfig config) {
        String n = config.name().strip();
        if (n.isEmpty() || n.length() > 80 || n.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalStateException("GATEHOUSE_BRAND_NAME: 1 to 80 characters of plain text");
        }
        this.name = n;
        this.logoUrl = config.logoUrl().map(u -> checkUrl("GATEHOUSE_BRAND_LOGO_URL", u, false)).orElse(null);
        this.logoOrigin = logoUrl == null || logoUrl.startsWith("/") ? null : origin(URI.create(logoUrl));
        this.supportUrl = config.supportUrl().map(u -> checkUrl("GATEHOUSE_BRAND_SUPPORT_URL", u, true)).orElse(null);
        this.appUrl = config.appUrl().map(u -> checkUrl("GATEHOUSE_BRAND_APP_URL", u, false)).orElse(null);
        String c = config.primaryColor().strip();
        if (!COLOR.matcher(c).matches()) {
            throw new IllegalStateException("GATEHOUSE_BRAND_PRIMARY_COLOR: a hex colour such as #1d4ed8, not " + c);
        }
        this.primary = expand(c.toLowerCase(Locale.ROOT));
    }

    public String name() {
        return name;
    }

    /** The logo's URL, or null. */
    public String logoUrl() {
        return logoUrl;
    }

    /** The logo's origin for the CSP's {@code img-src} when it is on another host, else null. */
    public String logoOrigin() {
        return logoOrigin;
    }

    /** The support link, or null. */
    public String supportUrl() {
        return supportUrl;
    }

    /** The application's address for "back to the app", or null. */
    public String appUrl() {
        return appUrl;
    }

    /** {@code #rrggbb}. */
    public String primaryColor() {
        return primary;
    }

    /** Black or white, whichever contrasts more with the primary colour (WCAG relative luminance). */
    public String onPrimaryColor() {
        double l = luminance(primary);
        return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#000000";
    }

    /** Links on white: the primary colour when it contrasts at least 4.5:1 with white, else the default blue. */
    public String linkColor() {
        return (1.05 / (luminance(primary) + 0.05)) >= 4.5 ? primary : "#1d4ed8";
    }

    /** The primary colour 15 % darker, for hover. */
    public String primaryHoverColor() {
        int rgb = Integer.parseInt(primary.substring(1), 16);
        int r = (int) (((rgb >> 16) & 0xff) * 0.85);
        int g = (int) (((rgb >> 8) & 0xff) * 0.85);
        int b = (int) ((rgb & 0xff) * 0.85);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int v) {
        double c = v / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static String expand(String c) {
        return c.length() == 4 ? "#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3) : c;
    }

    /** A path on this service, or an https (http on loopback) URL; {@code mailto:} where allowed. Nothing that could run script. */
    static String checkUrl(String key, String value, boolean mailto) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 2048 || v.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e || ch == '"' || ch == '\'' || ch == '<' || ch == '>' || ch == '\\')) {
            throw new IllegalStateException(key + ": not a URL");
        }
        if (v.startsWith("/") && !v.startsWith("//")) {
            return v;
        }
        URI u;
        try {
            u = new URI(v);
        } catch (Exception e) {
            throw new IllegalStateException(key + ": not a URL");
        }
        String scheme = Optional.ofNullable(u.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (mailto && scheme.equals("mailto")) {
            return v;
        }
        boolean loopback = u.getHost() != null && (u.getHost().equals("localhost") || u.getHost().equals("127.0.0.1"));
        if (u.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw new IllegalStateException(key + ": an https:// URL or a path such as /assets/logo.svg");
        }
        return v;
    }

    private static String origin(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT);
    }
}
