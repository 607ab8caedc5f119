package dev.gatehouse.lifecycle;

import dev.gatehouse.common.Languages;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

import java.util.List;
import java.util.Locale;

/** {@link LifecycleMessages} in a reader's language, for texts put together in Java. */
public final class LifecycleTexts {

    private LifecycleTexts() {
    }

    public static LifecycleMessages in(Locale locale) {
        Locale supported = Languages.negotiate(List.of(locale == null ? Languages.DEFAULT : locale));
        return supported.equals(Languages.DEFAULT) ? MessageBundles.get(LifecycleMessages.class)
                : MessageBundles.get(LifecycleMessages.class, Localized.Literal.of(supported.toLanguageTag()));
    }
}
