package dev.gatehouse.account;

import dev.gatehouse.common.ProblemException;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalises and checks e-mail addresses, so one mailbox maps to one account. */
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

    /** Whether a normalised address has the shape and length of an e-mail address. */
    public static boolean isValid(String normalised) {
        return normalised != null && normalised.length() <= MAX_LENGTH && SHAPE.matcher(normalised).matches();
    }

    /** The normalised address, or a 400 naming the rule. */
    public static String require(String raw) {
        String email = normalise(raw);
        if (email == null || email.isEmpty()) {
            throw ProblemException.invalid("email_missing", "An e-mail address is required.");
        }
        if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches()) {
            throw ProblemException.invalid("email_invalid", "The e-mail address is not valid.");
        }
        return email;
    }
}
