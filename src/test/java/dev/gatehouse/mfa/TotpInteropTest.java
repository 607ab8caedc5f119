package dev.gatehouse.mfa;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our codes against an independent implementation, Debian's oathtool (installed by ./test), for
 * fresh secrets as enrolment makes them, handed over in base32 as an authenticator app gets them.
 */
class TotpInteropTest {

    @Test
    void codeWhenComparedWithOathtoolThenSame() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] secret = MfaSecrets.newTotpSecret();
            String base32 = Base32.encode(secret);
            long time = 1_700_000_000L + i * 7_919L;
            String theirs = oathtool("--totp", "--base32", "--now", "@" + time, base32);
            assertEquals(theirs, Totp.code(secret, Totp.step(Instant.ofEpochSecond(time)), Totp.DIGITS), "secret " + i);
        }
    }

    private static String oathtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "oathtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "oathtool did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
