package dev.gatehouse.common;

import java.util.List;
import java.util.Locale;

/**
 * The languages Gatehouse speaks (every page and mail string has a bundle entry in each), and the
 * choice among them from what a reader accepts ({@code Accept-Language}, RFC 9110 section 12.5.4).
 */
public final class Languages {

    public static final Locale DEFAULT = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);

    private Languages() {
    }

    /** The first supported language of {@code acceptable} (in the reader's order of preference), else English. */
    public static Locale negotiate(List<Locale> acceptable) {
        if (acceptable != null) {
            for (Locale wanted : acceptable) {
                if (wanted == null || "*".equals(wanted.getLanguage())) {
                    continue;
                }
                for (Locale supported : SUPPORTED) {
                    if (supported.getLanguage().equals(wanted.getLanguage())) {
                        return supported;
                    }
                }
            }
        }
        return DEFAULT;
    }

    /**
     * The language a request asks for by {@code Accept-Language}; null when it names none (no
     * header, or one that cannot be read), so that a stored preference (the account's) applies.
     */
    public static Locale requested(jakarta.ws.rs.core.HttpHeaders headers) {
        try {
            String header = headers.getHeaderString(jakarta.ws.rs.core.HttpHeaders.ACCEPT_LANGUAGE);
            return header == null || header.isBlank() ? null : negotiate(headers.getAcceptableLanguages());
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /**
     * A Qute message bundle ({@code @MessageBundle} interface) in the supported language nearest to
     * {@code locale}, for texts put together in Java (templates pick theirs by the template's locale).
     */
    public static <T> T bundle(Class<T> type, Locale locale) {
        Locale supported = negotiate(List.of(locale == null ? DEFAULT : locale));
        return supported.equals(DEFAULT) ? io.quarkus.qute.i18n.MessageBundles.get(type)
                : io.quarkus.qute.i18n.MessageBundles.get(type, io.quarkus.qute.i18n.Localized.Literal.of(supported.toLanguageTag()));
    }

    /** A stored tag back to a supported language; English for null or anything else. */
    public static Locale of(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return DEFAULT;
        }
        return negotiate(List.of(Locale.forLanguageTag(tag)));
    }
}
