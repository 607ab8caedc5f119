package dev.gatehouse.lifecycle;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the lifecycle pages ({@code /forgot}, {@code /reset}, {@code /verify}, the e-mail
 * change form on {@code /account}): {@code {lifecycle:key}} in templates, German in
 * {@code messages/lifecycle_de.properties}.
 */
@MessageBundle(value = "lifecycle", locale = "en")
public interface LifecycleMessages {

    @Message("Reset your password")
    String forgot_title();

    @Message("Enter the e-mail address of your account. We will send you a link to choose a new password.")
    String forgot_intro();

    @Message("Send the link")
    String forgot_submit();

    @Message("Check your mail")
    String forgot_sentTitle();

    @Message("If an account has this address, a mail with a link is on its way. The link works once, for {minutes} minutes. Nothing arrived? Check the spam folder, or ask again in a few minutes.")
    String forgot_sentText(long minutes);

    @Message("If an account has this address and it is not confirmed yet, a mail with a new link is on its way. The link works once, for {hours} hours.")
    String resend_sentText(long hours);

    @Message("Back to sign-in")
    String backToSignIn();

    @Message("Choose a new password")
    String reset_title();

    @Message("Choose a new password for your account. Afterwards you are signed out everywhere and sign in with the new one.")
    String reset_intro();

    @Message("New password")
    String reset_newPassword();

    @Message("Code from your authenticator app, or a backup code")
    String reset_code();

    @Message("Your account uses two-factor sign-in, so a code is needed as well.")
    String reset_codeHint();

    @Message("Set the new password")
    String reset_submit();

    @Message("Password changed")
    String reset_doneTitle();

    @Message("Your password was changed, and you were signed out on every device. Sign in with the new password.")
    String reset_doneText();

    @Message("This link does not work")
    String invalid_title();

    @Message("The link was already used, it expired, or a newer one replaced it. Ask for a new one.")
    String invalid_text();

    @Message("Ask for a new link")
    String invalid_askAgain();

    @Message("Confirm your e-mail address")
    String verify_title();

    @Message("Confirm that this address belongs to you to finish.")
    String verify_intro();

    @Message("Confirm")
    String verify_submit();

    @Message("To confirm, enter the password of the account this link belongs to.")
    String verify_passwordIntro();

    @Message("Password")
    String verify_password();

    @Message("This is not the account's password.")
    String verify_passwordWrong();

    @Message("If you did not create this account, someone else used your address. Do not confirm: reset its password with a link to your address instead. That takes the account over and signs everyone else out.")
    String verify_notMineText();

    @Message("If you did not ask to move an account to this address, close this page: nothing changes.")
    String verify_changeNotMineText();

    @Message("This is not my account: reset its password")
    String verify_notMine();

    @Message("This account signs in without a password or with a passkey: sign in to it first, then open the link again.")
    String verify_signInIntro();

    @Message("Sign in")
    String verify_signIn();

    @Message("E-mail address confirmed")
    String verify_doneTitle();

    @Message("{email} is now confirmed as your account's address.")
    String verify_doneText(String email);

    @Message("Your account now uses {email}. We told your previous address about the change.")
    String verify_changedText(String email);

    @Message("Go to your account")
    String verify_toAccount();

    @Message("Another account took this address meanwhile, so it cannot be yours.")
    String verify_taken();

    @Message("Change the e-mail address")
    String change_legend();

    @Message("New e-mail address")
    String change_newEmail();

    @Message("Current password")
    String change_currentPassword();

    @Message("Code from your authenticator app, or a backup code")
    String change_code();

    @Message("Send a confirmation link")
    String change_submit();

    @Message("The address changes once you follow the link we send to it; until then you keep using this one.")
    String change_hint();

    @Message("We sent a link to the new address. The change takes effect once you follow it.")
    String change_sent();

    @Message("This is already your e-mail address.")
    String change_unchanged();

    @Message("Your account has no password yet: set one first (\"Forgot your password?\" on the sign-in page), then change the address.")
    String change_needsPassword();

    @Message("Your e-mail address is not confirmed yet. We can send you a new link.")
    String resend_text();

    @Message("Send a new confirmation link")
    String resend_submit();

    @Message("A new confirmation link is on its way to your address.")
    String resend_sent();

    @Message("Your e-mail address is not confirmed yet. Follow the link in the mail we sent you, or ask for a new one below.")
    String login_notVerified();
}
