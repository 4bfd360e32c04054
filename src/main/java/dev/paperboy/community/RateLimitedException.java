package dev.paperboy.community;

import java.time.Duration;

/** Too many attempts from one address or for one account; the client may retry after {@link #retryAfter()} (429). */
public final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
