package dev.paperboy.community;

import dev.paperboy.mail.Mail;
import dev.paperboy.mail.MailException;
import dev.paperboy.mail.Mailer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends account mails (confirmation, password reset) off the request path, one at a time. The page a visitor gets
 * must not depend on whether a mail went out: a known address would otherwise answer slower (SMTP takes a second)
 * or with a different status (the mail server is down) than an unknown one. A failure is logged; the visitor can
 * ask again.
 */
final class MailOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

    private final Mailer mailer;
    private final ThreadPoolExecutor sender;

    MailOutbox(Mailer mailer) {
        this.mailer = mailer;
        // A bounded queue: a flood of requests (already rate-limited) cannot pile up mails without end.
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
            var thread = new Thread(r, "account-mail");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param mail writes the mail (and anything it needs, like a token) on the sending thread; null sends nothing,
     *     so the work that depends on whether an account exists is off the request path too
     */
    void send(java.util.function.Supplier<Mail> mail) {
        try {
            sender.execute(() -> {
                try {
                    Mail m = mail.get();
                    if (m != null) {
                        mailer.send(m);
                    }
                } catch (MailException e) {
                    LOG.warn("An account mail could not be sent: {}", e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("An account mail failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("{} account mails are waiting for the mail server; this one is dropped", sender.getQueue().size());
        }
    }
}
