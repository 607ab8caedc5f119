package dev.gatehouse.page;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A value that reaches a page through a message's parameter is escaped like any other value, in every language. */
@QuarkusTest
class MessagesEscapingTest {

    @Inject
    @Location("consent.html")
    Template consent;

    @Test
    void messageWhenParameterHasMarkupThenEscaped() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
            String html = consent.data("clientName", "<script>alert(1)</script>").data("clientId", "\"><img src=x>")
                    .data("scopes", List.of("openid")).data("resume", "r").data("consentCsrf", "t")
                    .data("brand", new HostedPages.Brand("Gatehouse", null, null, null)).data("lang", locale.toLanguageTag())
                    .setLocale(locale).render();
            assertFalse(html.contains("<script>alert(1)") || html.contains("<img src=x"), html);
            assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        }
    }
}
