package dev.paperboy.web;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A GreenMail SMTP server for the tests, and reading the links out of the mails it received. */
final class Mails {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s/]+(/(verify|reset)\\?token=[A-Za-z0-9_.-]+)");

    private Mails() {}

    static GreenMail start() {
        var greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        return greenMail;
    }

    /** The settings that point an app at this server. */
    static Map<String, String> settings(GreenMail greenMail) {
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(greenMail.getSmtp().getPort()),
                "smtp.tls", "none", "search.embed", "false");
    }

    /** The mails received for this address, waiting up to five seconds for at least {@code count}. */
    static List<MimeMessage> to(GreenMail greenMail, String address, int count) {
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            List<MimeMessage> mails = Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
                try {
                    return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            if (mails.size() >= count || System.currentTimeMillis() > until) {
                return mails;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String text(Part part) {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return part.isMimeType("text/*") ? s : "";
            }
            if (content instanceof Multipart multipart) {
                var out = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    out.append(text(multipart.getBodyPart(i))).append('\n');
                }
                return out.toString();
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path and query of the link in a mail, e.g. {@code /verify?token=…}. */
    static String link(MimeMessage mail) {
        var m = LINK.matcher(text(mail));
        if (!m.find()) {
            throw new AssertionError("no link in the mail:\n" + text(mail));
        }
        return m.group(1);
    }

    static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
