package dev.gatehouse.social;

/** Lets tests of other packages choose who the stand-in providers sign in. */
public final class SocialStandInsAccess {

    private SocialStandInsAccess() {
    }

    public static void nextGoogleUser(String subject, String email, boolean emailVerified) {
        SocialStandIns.nextGoogleUser(subject, email, emailVerified);
    }
}
