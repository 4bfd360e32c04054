package dev.paperboy.digest;

import java.time.Instant;

/**
 * One address's standing request for digests.
 *
 * @param userId the member it belongs to, or null for a subscription made without an account
 */
public record Subscription(String id, String email, Preferences preferences, String userId, boolean includeSimilar,
        Status status, Instant createdAt, Instant confirmedAt, ForYou forYou) {

    public Subscription {
        forYou = forYou == null || userId == null ? ForYou.OFF : forYou;
    }

    public Subscription(String id, String email, Preferences preferences, String userId, boolean includeSimilar,
            Status status, Instant createdAt, Instant confirmedAt) {
        this(id, email, preferences, userId, includeSimilar, status, createdAt, confirmedAt, ForYou.OFF);
    }

    public enum Status {
        /** Waiting for the confirmation link to be clicked: nothing is sent. */
        PENDING,
        ACTIVE,
        UNSUBSCRIBED,
        /** The mail server refused the address for good. */
        BOUNCED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
