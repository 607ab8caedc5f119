package dev.gatehouse.mail;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every string of the mails (namespace {@code mail:} in the mail templates); German in
 * {@code messages/mail_de.properties}. {@code product} is the configured product name.
 */
@MessageBundle(value = "mail", locale = "en")
public interface MailMessages {

    @Message("Confirm your e-mail address for {product}")
    String verify_subject(String product);

    @Message("Please confirm that this is your e-mail address for your {product} account.")
    String verify_intro(String product);

    @Message("Confirm my e-mail address")
    String verify_action();

    @Message("The link works once, for {hours} hours.")
    String verify_expiry(long hours);

    @Message("Confirm your new e-mail address for {product}")
    String change_subject(String product);

    @Message("Your {product} account is to use this e-mail address from now on. It changes only once you confirm it here.")
    String change_intro(String product);

    @Message("Confirm the new address")
    String change_action();

    @Message("Your {product} e-mail address was changed")
    String changed_subject(String product);

    @Message("The e-mail address of your {product} account was changed to {newEmail}. Mails about your account now go there.")
    String changed_intro(String product, String newEmail);

    @Message("If you did not change it, contact support at once: someone else may have access to your account.")
    String changed_warning();

    @Message("A passkey was added to your {product} account")
    String passkeyAdded_subject(String product);

    @Message("A passkey named \"{name}\" was added to your {product} account. It signs in to the account without a password.")
    String passkeyAdded_intro(String product, String name);

    @Message("If you did not add it, remove it on your account page and change your password at once: someone else may have access to your account.")
    String passkeyAdded_warning();

    @Message("Reset your {product} password")
    String reset_subject(String product);

    @Message("Someone asked to reset the password of your {product} account. If it was you, choose a new password here.")
    String reset_intro(String product);

    @Message("Choose a new password")
    String reset_action();

    @Message("The link works once, for {minutes} minutes. Resetting signs you out everywhere.")
    String reset_expiry(long minutes);

    @Message("If you did not ask for this, ignore this mail: nothing changes.")
    String ignore();

    @Message("If the button does not work, open this address in your browser:")
    String link_fallback();

    @Message("Contact support: {url}")
    String support(String url);

    @Message("This mail was sent by {product} because of your account. Please do not reply to it.")
    String footer(String product);
}
