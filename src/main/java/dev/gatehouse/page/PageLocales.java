package dev.gatehouse.page;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reader's language: the best of the supported locales (English, German) for the request's
 * {@code Accept-Language} (RFC 4647 lookup, q-values honoured), English when nothing matches or the
 * header is malformed. Adding a language: a {@code msg_xx.properties} file, the tag here, and
 * {@code quarkus.locales}.
 */
@ApplicationScoped
public class PageLocales {

    public static final Locale DEFAULT = Locale.ENGLISH;
    /** Supported locales, the default first. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);

    private final Map<Locale, Messages> bundles = Map.of(
            Locale.ENGLISH, MessageBundles.get(Messages.class),
            Locale.GERMAN, MessageBundles.get(Messages.class, Localized.Literal.of("de")));

    /** The supported locale for an {@code Accept-Language} header (null or malformed → English). */
    public Locale resolve(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 512) {
            return DEFAULT;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
            Locale found = Locale.lookup(ranges, SUPPORTED);
            return found == null ? DEFAULT : new Locale(found.getLanguage());
        } catch (IllegalArgumentException malformed) {
            return DEFAULT;
        }
    }

    /** The texts in {@code locale} (a supported one; anything else gets English). */
    public Messages messages(Locale locale) {
        return bundles.getOrDefault(locale, bundles.get(DEFAULT));
    }
}
