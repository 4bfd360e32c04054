package dev.paperboy.mail;

import dev.paperboy.Config;
import dev.paperboy.ConfigException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail through the SMTP server in {@code smtp.*}. With no {@code smtp.host} (a first start on a laptop) each
 * mail is written to the log instead, links included, so that sign-up still works without a mail server.
 */
public final class Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    public enum Tls { NONE, STARTTLS, TLS }

    /** Where and how to send; {@code password} is never logged. */
    public record Settings(String host, int port, Tls tls, String user, String password, String from, int timeoutMillis) {
        public static Settings from(Config config) {
            Tls tls;
            try {
                tls = Tls.valueOf(config.string("smtp.tls").strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("smtp.tls must be none, starttls or tls, not '" + config.string("smtp.tls") + "'");
            }
            String from = config.string("smtp.from");
            try {
                new InternetAddress(from, true);
            } catch (AddressException e) {
                throw new ConfigException("smtp.from is not a mail address: '" + from + "'");
            }
            return new Settings(config.string("smtp.host").strip(), config.integer("smtp.port"), tls,
                    config.string("smtp.user"), config.string("smtp.password"), from,
                    (int) config.duration("smtp.timeout").toMillis());
        }

        public boolean configured() {
            return !host.isEmpty();
        }

        /** Everything but the password, so that logging the settings never leaks it. */
        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", tls=" + tls + ", user=" + user + ", password="
                    + (password.isEmpty() ? "" : "(set)") + ", from=" + from + ", timeoutMillis=" + timeoutMillis + "]";
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Session session;

    public Mailer(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        var props = new Properties();
        String protocol = settings.tls() == Tls.TLS ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", settings.host());
        props.put("mail." + protocol + ".port", Integer.toString(settings.port()));
        props.put("mail." + protocol + ".connectiontimeout", Integer.toString(settings.timeoutMillis()));
        props.put("mail." + protocol + ".timeout", Integer.toString(settings.timeoutMillis()));
        props.put("mail." + protocol + ".writetimeout", Integer.toString(settings.timeoutMillis()));
        props.put("mail." + protocol + ".auth", Boolean.toString(!settings.user().isEmpty()));
        if (settings.tls() != Tls.TLS) {
            // Without TCP_NODELAY the small end-of-data write waits for the server's delayed ACK: ~40 ms per mail.
            props.put("mail.smtp.socketFactory", new NoDelaySockets());
            props.put("mail.smtp.socketFactory.fallback", "false");
        }
        if (settings.tls() == Tls.STARTTLS) {
            // Required, not merely enabled: a server that drops STARTTLS must not receive the password in clear.
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        String domain = settings.from().replaceAll(".*@([^>\\s]+).*", "$1");
        props.put("mail.from", settings.from());
        props.put("mail." + protocol + ".localhost", domain.isEmpty() ? "localhost" : domain);
        this.session = Session.getInstance(props);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Sends one mail.
     *
     * @throws MailException when the SMTP server cannot be reached or refuses it
     */
    public void send(Mail mail) {
        if (!settings.configured()) {
            LOG.info("smtp.host is not set, so this mail is logged instead of sent.\nTo: {}\nSubject: {}\n\n{}",
                    mail.to(), mail.subject(), mail.text());
            return;
        }
        try (Transport transport = session.getTransport()) {
            connect(transport);
            MimeMessage message = toMime(mail);
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw failure(mail.to(), e);
        }
    }

    /** A connection for sending many mails in a row (a digest run): one handshake instead of one per mail. */
    public Connection open() {
        return new Connection();
    }

    public final class Connection implements AutoCloseable {
        private Transport transport;

        public void send(Mail mail) {
            send(mail, null);
        }

        /**
         * Sends one mail, running {@code beforeEnd} after the whole message has been written but before the end of
         * data that makes the SMTP server accept it. A sender that records "sent" there and then dies has sent at
         * most once: the server discards a message whose end it never saw. If {@code beforeEnd} throws, the message
         * is abandoned undelivered.
         */
        public void send(Mail mail, Runnable beforeEnd) {
            if (!settings.configured()) {
                if (beforeEnd != null) {
                    beforeEnd.run();
                }
                Mailer.this.send(mail);
                return;
            }
            try {
                if (transport == null || !transport.isConnected()) {
                    transport = session.getTransport();
                    connect(transport);
                }
                MimeMessage message = toMime(mail, beforeEnd);
                transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException e) {
                MailException failure = failure(mail.to(), e);
                if (!failure.permanent()) {
                    close();
                }
                throw failure;
            }
        }

        @Override
        public void close() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    LOG.debug("closing the SMTP connection failed", e);
                }
                transport = null;
            }
        }
    }

    private void connect(Transport transport) throws MessagingException {
        if (settings.user().isEmpty()) {
            transport.connect();
        } else {
            transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
        }
    }

    /** The message as it goes on the wire: exposed so tests and previews see exactly what is sent. */
    public MimeMessage toMime(Mail mail) throws MessagingException {
        return toMime(mail, null);
    }

    private MimeMessage toMime(Mail mail, Runnable beforeEnd) throws MessagingException {
        var message = new OutgoingMessage(session, mail.headers().get("Message-ID"), beforeEnd);
        message.setFrom(new InternetAddress(settings.from(), true));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        if (mail.html() == null) {
            message.setText(mail.text(), "UTF-8");
        } else {
            var text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8");
            var html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            // Plain text first, HTML last: clients show the last part they can render.
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        for (var header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.saveChanges();
        return message;
    }

    /** Plain sockets with Nagle's algorithm off: SMTP is a conversation of small writes. */
    private static final class NoDelaySockets extends javax.net.SocketFactory {
        private static java.net.Socket noDelay(java.net.Socket socket) throws java.io.IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return noDelay(new java.net.Socket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
                throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                int localPort) throws java.io.IOException {
            return noDelay(new java.net.Socket(address, port, localAddress, localPort));
        }
    }

    /** A message that keeps a given Message-ID and can run a step just before its end of data. */
    private static final class OutgoingMessage extends MimeMessage {
        private final String messageId;
        private final Runnable beforeEnd;

        OutgoingMessage(Session session, String messageId, Runnable beforeEnd) {
            super(session);
            this.messageId = messageId;
            this.beforeEnd = beforeEnd;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (messageId == null) {
                super.updateMessageID();
            } else {
                setHeader("Message-ID", messageId);
            }
        }

        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreList) throws java.io.IOException, MessagingException {
            super.writeTo(out, ignoreList);
            if (beforeEnd != null) {
                // Everything but the end of data leaves first, so that after beforeEnd only those five bytes remain.
                out.flush();
                try {
                    beforeEnd.run();
                } catch (RuntimeException e) {
                    // An I/O error makes the SMTP client drop the connection without the end of data: nothing delivered.
                    throw new java.io.IOException("abandoned before the end of data: " + e.getMessage(), e);
                }
            }
        }
    }

    private static MailException failure(String to, MessagingException e) {
        boolean permanent = e instanceof AddressException
                || e instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500
                || e instanceof SMTPSendFailedException s && s.getReturnCode() >= 500
                || e instanceof SendFailedException f && f.getNextException() instanceof SMTPAddressFailedException n
                        && n.getReturnCode() >= 500;
        return new MailException("could not send mail to " + to + ": " + e.getMessage(), permanent, e);
    }
}
