package dev.gatehouse.mfa;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one code field of the hosted pages: six digits are TOTP, anything else a backup code. */
class TypedCodeTest {

    @Test
    void ofWhenSixDigitsThenOtpOtherwiseBackupCodeAndEmptyThenNeither() {
        assertEquals(new TypedCode("123456", null), TypedCode.of(" 123456 "));
        assertEquals(new TypedCode(null, "abcde-fghij"), TypedCode.of("abcde-fghij"));
        assertEquals(new TypedCode(null, "1234567"), TypedCode.of("1234567"));
        assertEquals(new TypedCode(null, "12345a"), TypedCode.of("12345a"));
        assertEquals(new TypedCode(null, null), TypedCode.of("   "));
        assertEquals(new TypedCode(null, null), TypedCode.of(null));
    }
}
