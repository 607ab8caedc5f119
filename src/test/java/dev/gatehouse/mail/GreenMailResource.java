package dev.gatehouse.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.FreePort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free loopback port for every Quarkus test: Gatehouse sends
 * its mails there, and the tests read them like a mailbox would.
 */
@QuarkusTestResource(GreenMailResource.class)
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;
    private static final Pattern LINK = Pattern.compile("https?://\\S+?[?&]token=([A-Za-z0-9_-]{43})");

    @Override
    public Map<String, String> start() {
        server = startServer();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(server.getSmtp().getPort()));
    }

    /** A GreenMail SMTP server on a free loopback port, checked to answer with its greeting. */
    public static GreenMail startServer() {
        int port = FreePort.next();
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] greeting = new byte[64];
            int n = s.getInputStream().read(greeting);
            if (n < 3 || !new String(greeting, 0, n).startsWith("220")) {
                throw new IllegalStateException("what answers on port " + port + " is not the SMTP server the test started");
            }
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail did not answer on " + port, e);
        }
        return mail;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static GreenMail server() {
        return server;
    }

    /** The mails received for {@code recipient}, oldest first. */
    public static List<MimeMessage> mailsTo(GreenMail mail, String recipient) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** The plain-text body of a mail (the text part of multipart/alternative). */
    public static String text(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof jakarta.mail.Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    if (mp.getBodyPart(i).isMimeType("text/plain")) {
                        return mp.getBodyPart(i).getContent().toString();
                    }
                }
            }
            return GreenMailUtil.getBody(m);
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTML body of a mail. */
    public static String html(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof jakarta.mail.Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    if (mp.getBodyPart(i).isMimeType("text/html")) {
                        return mp.getBodyPart(i).getContent().toString();
                    }
                }
            }
            return null;
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one-time token of the link in a mail's text. */
    public static Optional<String> tokenIn(MimeMessage m) {
        Matcher matcher = LINK.matcher(text(m));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The link (whole URL) in a mail's text. */
    public static Optional<String> linkIn(MimeMessage m) {
        Matcher matcher = LINK.matcher(text(m));
        return matcher.find() ? Optional.of(matcher.group(0)) : Optional.empty();
    }
}
