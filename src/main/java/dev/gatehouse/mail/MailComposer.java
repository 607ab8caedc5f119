package dev.gatehouse.mail;

import dev.gatehouse.common.Languages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The mails Gatehouse sends, each as plain text and HTML in the reader's language: the strings
 * come from {@link MailMessages}, the layout from {@code templates/mail/}. Links are absolute
 * URLs the caller built from {@code GATEHOUSE_ISSUER}; product name, colour and support link are
 * the hosted pages' branding ({@code GATEHOUSE_BRAND_*}).
 */
@ApplicationScoped
public class MailComposer {

    private final Template actionText;
    private final Template actionHtml;
    private final Template noticeText;
    private final Template noticeHtml;
    private final String product;
    private final String colour;
    private final Optional<String> supportUrl;

    public MailComposer(@Location("mail/action.txt") Template actionText, @Location("mail/action.html") Template actionHtml,
                        @Location("mail/notice.txt") Template noticeText, @Location("mail/notice.html") Template noticeHtml,
                        dev.gatehouse.page.Branding branding, dev.gatehouse.common.PublicUrls urls) {
        this.actionText = actionText;
        this.actionHtml = actionHtml;
        this.noticeText = noticeText;
        this.noticeHtml = noticeHtml;
        // The branding settings, checked at startup (a colour is #rgb/#rrggbb only: safe in a style attribute).
        this.product = branding.name();
        this.colour = branding.primaryColor();
        // A mail is read elsewhere: a support link that is a path becomes absolute on the issuer.
        String support = branding.supportUrl();
        this.supportUrl = Optional.ofNullable(support).map(u -> u.startsWith("/") ? urls.absolute(u).toString() : u);
    }

    /** The link that proves {@code recipient} is the account's address (sign-up, resend). */
    public Mail verifyEmail(String recipient, Locale locale, String url, Duration validFor) {
        MailMessages m = messages(locale);
        return action(recipient, locale, m.verify_subject(product), m.verify_intro(product), m.verify_action(), url,
                m.verify_expiry(validFor.toHours()), m.ignore());
    }

    /** The link that makes {@code recipient} the account's new address. */
    public Mail changeEmail(String recipient, Locale locale, String url, Duration validFor) {
        MailMessages m = messages(locale);
        return action(recipient, locale, m.change_subject(product), m.change_intro(product), m.change_action(), url,
                m.verify_expiry(validFor.toHours()), m.ignore());
    }

    /** The password-reset link. */
    public Mail resetPassword(String recipient, Locale locale, String url, Duration validFor) {
        MailMessages m = messages(locale);
        return action(recipient, locale, m.reset_subject(product), m.reset_intro(product), m.reset_action(), url,
                m.reset_expiry(validFor.toMinutes()), m.ignore());
    }

    /** The notice to the old address that the account's address is now {@code newEmail}. */
    public Mail emailChanged(String oldRecipient, Locale locale, String newEmail) {
        MailMessages m = messages(locale);
        return notice(oldRecipient, locale, m.changed_subject(product), m.changed_intro(product, newEmail), m.changed_warning());
    }

    /** The notice that a passkey named {@code name} now signs in to the account (a stolen session cannot add one unseen). */
    public Mail passkeyAdded(String recipient, Locale locale, String name) {
        MailMessages m = messages(locale);
        return notice(recipient, locale, m.passkeyAdded_subject(product), m.passkeyAdded_intro(product, name), m.passkeyAdded_warning());
    }

    /** A mail that tells of something done (no link): the notice templates. */
    private Mail notice(String recipient, Locale locale, String subject, String intro, String note) {
        Map<String, Object> data = common(locale, messages(locale), subject);
        data.put("intro", intro);
        data.put("note", note);
        return new Mail(recipient, subject, render(noticeText, data, locale), render(noticeHtml, data, locale));
    }

    private Mail action(String recipient, Locale locale, String subject, String intro, String action, String url,
                        String expiry, String note) {
        MailMessages m = messages(locale);
        Map<String, Object> data = common(locale, m, subject);
        data.put("intro", intro);
        data.put("action", action);
        data.put("url", url);
        data.put("expiry", expiry);
        data.put("note", note);
        data.put("fallback", m.link_fallback());
        return new Mail(recipient, subject, render(actionText, data, locale), render(actionHtml, data, locale));
    }

    private Map<String, Object> common(Locale locale, MailMessages m, String subject) {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("lang", locale.toLanguageTag());
        data.put("subject", subject);
        data.put("product", product);
        data.put("color", colour);
        data.put("supportUrl", supportUrl.orElse(null));
        data.put("supportLine", supportUrl.map(m::support).orElse(null));
        data.put("footer", m.footer(product));
        return data;
    }

    private static String render(Template template, Map<String, Object> data, Locale locale) {
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        instance.setLocale(locale);
        return instance.render();
    }

    private static MailMessages messages(Locale locale) {
        return Languages.bundle(MailMessages.class, locale);
    }
}
