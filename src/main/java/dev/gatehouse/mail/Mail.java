package dev.gatehouse.mail;

/** A mail to one recipient, as it will be sent: a plain-text and an HTML body. */
public record Mail(String recipient, String subject, String text, String html) {
}
