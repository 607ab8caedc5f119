package dev.gatehouse.account;

import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.Text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises and checks e-mail addresses, so one mailbox maps to one account. The normal form
 * (trimmed, NFKC, lower case) keys every lookup; an address holding an invisible or control
 * character (see {@link Text#isInvisibleOrControl}) is refused at registration and is no account
 * everywhere else, so it can neither look like another account nor reach the database.
 */
public final class EmailAddress {

    /** RFC 5321 limit on a forward path. */
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s\"(),:;<>\\[\\\\\\]]{1,64}@[^@\\s\"(),:;<>\\[\\\\\\]_]+\\.[^@\\s\"(),:;<>\\[\\\\\\]_.]{2,}$");

    private EmailAddress() {
    }

    /** Trimmed, NFKC, lower case; null stays null. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Whether a normalised address has the shape and length of an e-mail address and only visible characters. */
    public static boolean isValid(String normalised) {
        return normalised != null && normalised.length() <= MAX_LENGTH && !Text.hasInvisibleOrControl(normalised)
                && SHAPE.matcher(normalised).matches();
    }

    /**
     * The normal form that keys look-ups, or null when {@code raw} cannot be anyone's address
     * (missing, too long, or with an invisible or control character): then there is nothing to
     * look up, and nothing reaches the database.
     */
    public static String lookupKey(String raw) {
        if (raw == null || raw.length() > MAX_LENGTH * 4) {
            return null;
        }
        String email = normalise(raw);
        if (email.isEmpty() || email.length() > MAX_LENGTH || Text.hasInvisibleOrControl(raw.strip()) || Text.hasInvisibleOrControl(email)) {
            return null;
        }
        return email;
    }

    /** The normalised address, or a 400 naming the rule. */
    public static String require(String raw) {
        String email = normalise(raw);
        if (email == null || email.isEmpty()) {
            throw ProblemException.invalid("email_missing", "An e-mail address is required.");
        }
        if (Text.hasInvisibleOrControl(raw.strip()) || Text.hasInvisibleOrControl(email)) {
            throw ProblemException.invalid("email_invalid_character",
                    "The e-mail address must not contain invisible or control characters.");
        }
        if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches()) {
            throw ProblemException.invalid("email_invalid", "The e-mail address is not valid.");
        }
        return email;
    }
}
