package dev.paperboy.mail;

import java.util.Map;

/**
 * One message to one recipient. {@code html} may be null for a plain-text mail; {@code headers} adds headers such
 * as {@code List-Unsubscribe}.
 */
public record Mail(String to, String subject, String text, String html, Map<String, String> headers) {
    public static Mail plain(String to, String subject, String text) {
        return new Mail(to, subject, text, null, Map.of());
    }
}
