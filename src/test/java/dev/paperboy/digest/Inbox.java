package dev.paperboy.digest;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on a free loopback port, and the settings that point Paperboy at it. */
final class Inbox implements AutoCloseable {
    final GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    Inbox() {
        greenMail.start();
    }

    Map<String, String> settings() {
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(greenMail.getSmtp().getPort()),
                "smtp.tls", "none", "smtp.from", "Paperboy <digest@paperboy.test>", "search.embed", "false",
                "digest.schedule", "false");
    }

    List<MimeMessage> to(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    List<MimeMessage> all() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** The path and query of the first link to {@code path} in a plain-text mail. */
    static String link(MimeMessage message, String path) throws Exception {
        String body = message.getContent() instanceof String s ? s : com.icegreen.greenmail.util.GreenMailUtil.getBody(message);
        var m = Pattern.compile("https?://[^/\\s]+(" + Pattern.quote(path) + "\\?token=[A-Za-z0-9_.=-]+)").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no link to " + path + " in:\n" + body);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
