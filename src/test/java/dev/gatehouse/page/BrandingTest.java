package dev.gatehouse.page;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The branding checks: nothing but a hex colour reaches the stylesheet, nothing but a safe URL an attribute. */
class BrandingTest {

    record Config(String name, Optional<String> logoUrl, String primaryColor, Optional<String> supportUrl,
                  Optional<String> appUrl) implements BrandingConfig {
    }

    static Branding of(String name, String logo, String colour, String support, String app) {
        return new Branding(new Config(name, Optional.ofNullable(logo), colour, Optional.ofNullable(support), Optional.ofNullable(app)));
    }

    @Test
    void brandingWhenColourNotHexThenRefusedAtStartup() {
        for (String bad : new String[] {"red", "#12345", "#1d4ed8; } body { display:none", "#ggg", "url(x)", ""}) {
            assertThrows(IllegalStateException.class, () -> of("Acme", null, bad, null, null), bad);
        }
    }

    @Test
    void brandingWhenShortHexThenExpandedAndContrastingTextChosen() {
        Branding b = of("Acme", null, "#FF0", null, null);
        assertEquals("#ffff00", b.primaryColor());
        assertEquals("#000000", b.onPrimaryColor(), "black on yellow");
        assertEquals("#1d4ed8", b.linkColor(), "yellow links on white would be unreadable");
        assertEquals("#ffffff", of("Acme", null, "#1d4ed8", null, null).onPrimaryColor());
    }

    @Test
    void brandingWhenUrlCouldRunScriptOrBreakAttributeThenRefused() {
        for (String bad : new String[] {"javascript:alert(1)", "data:text/html,x", "//evil.example/x", "http://evil.example/logo.png",
                "https://x.example/\"onerror=\"alert(1)", "https://x.example/a b"}) {
            assertThrows(IllegalStateException.class, () -> of("Acme", bad, "#000000", null, null), bad);
            assertThrows(IllegalStateException.class, () -> of("Acme", null, "#000000", bad, null), bad);
            assertThrows(IllegalStateException.class, () -> of("Acme", null, "#000000", null, bad), bad);
        }
    }

    @Test
    void brandingWhenLogoElsewhereThenItsOriginForImgSrc() {
        assertEquals("https://cdn.example.com", of("Acme", "https://cdn.example.com/a/logo.svg", "#000", null, null).logoOrigin());
        assertNull(of("Acme", "/assets/logo.svg", "#000", "mailto:help@example.com", "https://app.example.com/").logoOrigin());
    }

    @Test
    void brandingWhenNameEmptyOrTooLongThenRefused() {
        assertThrows(IllegalStateException.class, () -> of(" ", null, "#000", null, null));
        assertThrows(IllegalStateException.class, () -> of("x".repeat(81), null, "#000", null, null));
    }
}
