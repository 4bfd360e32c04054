package dev.paperboy.digest;

import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The record of what was sent: one row per (subscription, period). A sender claims a row in a transaction before it
 * composes (a new row, or one whose holder's lease has run out); records its intent ({@code sending}) after the
 * whole message has left but before the five bytes of the end of data that make the SMTP server accept it; and
 * records {@code sent} when the server answers 250. Work is claimed through the database, never in memory, so any
 * number of processes on one database send each digest once.
 *
 * <p>A sender killed between intent and answer leaves a {@code sending} row: "in doubt". A rerun never sends it
 * again (at most once: a duplicate digest is the worse failure, and the mail has all but certainly arrived, since
 * only the end of data was left to write when the intent was recorded). {@code digest send} and {@code /metrics}
 * count such rows, so none is lost silently.
 */
public final class SendLedger {
    /** How many times one digest is claimed before a transient failure counts as final. */
    static final int MAX_CLAIMS = 5;

    private final Database database;
    private final Clock clock;
    private final Duration lease;

    /** Fixed width, so that text comparison in SQL is time order (Instant.toString drops zero fractions). */
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    static String ts(Instant instant) {
        return TIME.format(instant);
    }

    public SendLedger(Database database, Clock clock, Duration lease) {
        this.database = database;
        this.clock = clock;
        this.lease = lease;
    }

    /** Ledger rows by status (claimed, sending, sent, empty, failed), over all periods: what {@code /metrics} shows. */
    public java.util.Map<String, Long> countsByStatus() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT status, COUNT(*) FROM digest_sends GROUP BY status")
                .reduceRows(new java.util.TreeMap<String, Long>(), (map, row) -> {
                    map.put(row.getColumn(1, String.class), row.getColumn(2, Long.class));
                    return map;
                }));
    }

    /** The claim was lost: the lease ran out and another sender took the row over. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(String subscriptionId, String period) {
            super("the claim on " + period + " for " + subscriptionId + " passed to another sender");
        }
    }

    /**
     * Subscriptions whose digest of this period cannot be claimed now: sent, empty, failed for good or until later,
     * or held by a live sender. Every other active subscription is claimable.
     */
    Set<String> finished(String period) {
        String now = ts(clock.instant());
        return database.jdbi().withHandle(h -> h.createQuery("SELECT subscription_id FROM digest_sends WHERE period = ? "
                        + "AND (status IN ('sent', 'sending', 'empty') OR attempts >= ? OR lease_until IS NULL OR lease_until >= ?)")
                .bind(0, period).bind(1, MAX_CLAIMS).bind(2, now)
                .mapTo(String.class).collect(java.util.stream.Collectors.toCollection(HashSet::new)));
    }

    /** Takes the row for this sender; false when it is done, or held by a live sender, or failed for good. */
    boolean claim(String subscriptionId, String period, String sender) {
        Instant now = clock.instant();
        return database.write(h -> h.createUpdate("""
                        INSERT INTO digest_sends (subscription_id, period, status, claimed_by, lease_until, attempts)
                        VALUES (?, ?, 'claimed', ?, ?, 1)
                        ON CONFLICT (subscription_id, period) DO UPDATE SET status = 'claimed',
                            claimed_by = excluded.claimed_by, lease_until = excluded.lease_until,
                            attempts = digest_sends.attempts + 1, error = NULL
                        WHERE digest_sends.status IN ('claimed', 'failed') AND digest_sends.lease_until < ?
                            AND digest_sends.attempts < ?""")
                .bind(0, subscriptionId).bind(1, period).bind(2, sender).bind(3, ts(now.plus(lease)))
                .bind(4, ts(now)).bind(5, MAX_CLAIMS)
                .execute()) == 1;
    }

    /**
     * Records the intent to send, while this sender still holds the claim: called once the message has left, before
     * its end of data. From here on no rerun sends this digest again.
     *
     * @throws LeaseLostException when another sender took the row over
     */
    void markSending(String subscriptionId, String period, String sender, int papers) {
        int updated = database.write(h -> h.createUpdate("UPDATE digest_sends SET status = 'sending', sent_at = ?, papers = ? "
                        + "WHERE subscription_id = ? AND period = ? AND claimed_by = ? AND status = 'claimed'")
                .bind(0, ts(clock.instant())).bind(1, papers).bind(2, subscriptionId).bind(3, period)
                .bind(4, sender).execute());
        if (updated != 1) {
            throw new LeaseLostException(subscriptionId, period);
        }
    }

    /** Records the SMTP server's acceptance of a digest this sender marked {@link #markSending sending}. */
    void markSent(String subscriptionId, String period, String sender) {
        database.write(h -> h.createUpdate("UPDATE digest_sends SET status = 'sent', lease_until = NULL "
                        + "WHERE subscription_id = ? AND period = ? AND claimed_by = ? AND status = 'sending'")
                .bind(0, subscriptionId).bind(1, period).bind(2, sender).execute());
    }

    /** The period had nothing for this subscriber: nothing is sent, and nothing needs doing again. */
    void markEmpty(String subscriptionId, String period, String sender) {
        database.write(h -> h.createUpdate("UPDATE digest_sends SET status = 'empty', papers = 0, lease_until = NULL "
                        + "WHERE subscription_id = ? AND period = ? AND claimed_by = ? AND status = 'claimed'")
                .bind(0, subscriptionId).bind(1, period).bind(2, sender).execute());
    }

    /**
     * Records a failure; {@code retryAt} null means never again (a permanent refusal), otherwise a later run may
     * claim it again from then on. Also undoes a "sending" that the SMTP server then refused at the end of data.
     */
    void markFailed(String subscriptionId, String period, String sender, Instant retryAt, String error) {
        String e = error == null ? "" : error.length() > 500 ? error.substring(0, 500) : error;
        database.write(h -> h.createUpdate("UPDATE digest_sends SET status = 'failed', lease_until = ?, error = ?, "
                        + "sent_at = NULL WHERE subscription_id = ? AND period = ? AND claimed_by = ? AND status IN ('claimed', 'sending')")
                .bind(0, retryAt == null ? null : ts(retryAt)).bind(1, e).bind(2, subscriptionId)
                .bind(3, period).bind(4, sender).execute());
    }

    /** Puts a row this sender marked sending back to claimed, when the server refused the mail at the end of data. */
    void reclaim(String subscriptionId, String period, String sender) {
        database.write(h -> h.createUpdate("UPDATE digest_sends SET status = 'claimed', sent_at = NULL, lease_until = ? "
                        + "WHERE subscription_id = ? AND period = ? AND claimed_by = ? AND status = 'sending'")
                .bind(0, ts(clock.instant().plus(lease))).bind(1, subscriptionId).bind(2, period).bind(3, sender)
                .execute());
    }

    /** When the last live claim of another sender on this period runs out, or null when none is held. */
    Instant busyUntil(String period) {
        String now = ts(clock.instant());
        return database.jdbi().withHandle(h -> h.createQuery("SELECT MAX(lease_until) FROM digest_sends WHERE period = ? "
                        + "AND status = 'claimed' AND lease_until >= ?")
                .bind(0, period).bind(1, now).mapTo(String.class).findOne().map(Instant::parse).orElse(null));
    }

    /** Counts of rows by status for a period: for summaries and tests. */
    public java.util.Map<String, Integer> counts(String period) {
        var counts = new java.util.TreeMap<String, Integer>();
        database.jdbi().useHandle(h -> h.createQuery("SELECT status, COUNT(*) FROM digest_sends WHERE period = ? GROUP BY status")
                .bind(0, period).map((rows, ctx) -> counts.put(rows.getString(1), rows.getInt(2))).list());
        return counts;
    }
}
