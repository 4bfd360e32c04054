package dev.paperboy.mail;

/**
 * A mail could not be handed to the SMTP server. {@link #permanent()} when the server refused the recipient or the
 * message for good (a 5xx reply): retrying will not help. Otherwise (4xx, a connection problem) a later try may.
 */
public final class MailException extends RuntimeException {
    private final boolean permanent;

    public MailException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
