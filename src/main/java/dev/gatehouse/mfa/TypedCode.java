package dev.gatehouse.mfa;

/**
 * A second-factor code typed into the one code field of a hosted page: six digits are a TOTP code
 * ({@code otp}), anything else a backup code; both null when the field is empty. Surrounding
 * spaces are dropped.
 */
public record TypedCode(String otp, String backupCode) {

    public static TypedCode of(String field) {
        String typed = field == null ? "" : field.strip();
        if (typed.isEmpty()) {
            return new TypedCode(null, null);
        }
        boolean totp = typed.length() == 6 && typed.chars().allMatch(c -> c >= '0' && c <= '9');
        return totp ? new TypedCode(typed, null) : new TypedCode(null, typed);
    }
}
