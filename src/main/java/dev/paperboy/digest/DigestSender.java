package dev.paperboy.digest;

import dev.paperboy.ingest.Sleeper;
import dev.paperboy.mail.Mail;
import dev.paperboy.mail.MailException;
import dev.paperboy.mail.Mailer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one period's digests: for each due subscription, claim its ledger row, compose, send, mark sent. A transient
 * SMTP failure is retried with exponential backoff; a permanent one marks the subscription bounced and the run goes
 * on; a sender that dies leaves at most one claimed row, which another takes over when its lease runs out, or one
 * row in doubt (see {@link SendLedger}), which is never sent again.
 */
public final class DigestSender {
    private static final Logger LOG = LoggerFactory.getLogger(DigestSender.class);
    /** After this many subscribers in a row fail transiently, the SMTP server is down: stop, a later run resumes. */
    private static final int GIVE_UP_AFTER = 3;
    private static final Duration POLL = Duration.ofSeconds(2);

    private final Subscriptions subscriptions;
    private final DigestComposer composer;
    private final Mailer mailer;
    private final SendLedger ledger;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration retryInitial;
    private final int retryAttempts;
    private final String sender;

    public DigestSender(Subscriptions subscriptions, DigestComposer composer, Mailer mailer, SendLedger ledger, Clock clock,
            Sleeper sleeper, Duration retryInitial, int retryAttempts) {
        this.subscriptions = subscriptions;
        this.composer = composer;
        this.mailer = mailer;
        this.ledger = ledger;
        this.clock = clock;
        this.sleeper = sleeper;
        this.retryInitial = retryInitial;
        this.retryAttempts = retryAttempts;
        this.sender = ManagementFactory.getRuntimeMXBean().getName() + "/" + dev.paperboy.community.Secrets.random(6);
    }

    /**
     * What a run did.
     *
     * @param due active subscriptions of the frequency
     * @param skipped already done, or held by another sender
     * @param compose time spent choosing papers and writing mails
     * @param send time spent on SMTP
     */
    public record Summary(String period, int due, int sent, int empty, int skipped, int failed, int bounced,
            boolean dryRun, Duration compose, Duration send, Duration total) {
        public String describe() {
            return String.format(Locale.ROOT, "%s: %d due, %d %s, %d empty (nothing to send), %d skipped (done before "
                            + "or by another sender), %d failed, %d bounced; composing %.2f s, sending %.2f s, total %.2f s%s",
                    period, due, sent, dryRun ? "would be sent" : "sent", empty, skipped, failed, bounced,
                    compose.toNanos() / 1e9, send.toNanos() / 1e9, total.toNanos() / 1e9,
                    total.isZero() || sent == 0 ? "" : String.format(Locale.ROOT, " (%.1f digests/s)", sent / (total.toNanos() / 1e9)));
        }
    }

    /**
     * Sends the digests of {@code frequency} due on {@code asOf}; with {@code waitForOthers}, waits out the leases
     * of senders that died holding claims and sends those too.
     */
    public Summary send(Frequency frequency, LocalDate asOf, boolean dryRun, boolean waitForOthers) throws InterruptedException {
        long start = System.nanoTime();
        var period = DigestPeriod.of(frequency, asOf);
        var totals = new long[8];
        int due = 0;
        // Passes until nothing is claimable: a claim that expires during a pass (a dead sender's) is taken next pass.
        for (int pass = 0; pass < 20; pass++) {
            List<Subscription> active = onePerAddress(subscriptions.active(frequency));
            due = active.size();
            Set<String> finished = ledger.finished(period.key());
            var pending = active.stream().filter(s -> !finished.contains(s.id())).toList();
            if (pass == 0) {
                totals[3] += active.size() - pending.size();
            }
            if (!pending.isEmpty()) {
                boolean gaveUp;
                try (var edition = composer.edition(period, clock.instant())) {
                    gaveUp = run(edition, pending, dryRun, totals);
                }
                if (dryRun || gaveUp) {
                    break;
                }
                continue;
            }
            var busy = waitForOthers ? ledger.busyUntil(period.key()) : null;
            if (busy == null) {
                break;
            }
            LOG.info("Another sender holds claims on {} until {}; waiting until it finishes them, or until then to take them over",
                    period.key(), busy);
            awaitOthers(period.key(), busy);
        }
        var summary = new Summary(period.key(), due, (int) totals[0], (int) totals[1], (int) totals[3], (int) totals[4],
                (int) totals[5], dryRun, Duration.ofNanos(totals[6]), Duration.ofNanos(totals[7]),
                Duration.ofNanos(System.nanoTime() - start));
        if (summary.sent() + summary.failed() + summary.bounced() + summary.empty() > 0) {
            LOG.info("Digests {}", summary.describe());
        }
        return summary;
    }

    /**
     * Waits while other senders hold claims on {@code period}: a live sender turns its claims into sends within
     * seconds, so the ledger is asked again every {@link #POLL}; a dead one's claims are waited out until
     * {@code busy}, when they expire and can be taken over.
     */
    private void awaitOthers(String period, Instant busy) throws InterruptedException {
        for (Instant until = busy; until != null; until = ledger.busyUntil(period)) {
            Duration left = Duration.between(clock.instant(), until).plusMillis(200);
            if (left.isNegative()) {
                return;
            }
            sleeper.sleep(left.compareTo(POLL) < 0 ? left : POLL);
        }
    }

    /** Digests of the period in doubt: a sender died between handing one over and hearing the server's answer. */
    public int inDoubt(String period) {
        return ledger.counts(period).getOrDefault("sending", 0);
    }

    /**
     * One digest per address and period, however many subscriptions name it (a member's own digest and a public
     * subscription to the same address, both confirmed). The choice is the same in every run and every sender, so
     * a rerun or a second sender claims the same subscription: the member's own first, then the oldest.
     */
    static List<Subscription> onePerAddress(List<Subscription> active) {
        var chosen = new java.util.LinkedHashMap<String, Subscription>();
        for (Subscription s : active) {
            chosen.merge(s.email().toLowerCase(Locale.ROOT), s, (a, b) -> preferred(a, b) ? a : b);
        }
        return List.copyOf(chosen.values());
    }

    private static boolean preferred(Subscription a, Subscription b) {
        if ((a.userId() != null) != (b.userId() != null)) {
            return a.userId() != null;
        }
        int byAge = a.createdAt().compareTo(b.createdAt());
        return byAge != 0 ? byAge < 0 : a.id().compareTo(b.id()) < 0;
    }

    // totals: 0 sent, 1 empty, 3 skipped, 4 failed, 5 bounced, 6 compose ns, 7 send ns
    /** Returns true when it stopped early because the SMTP server kept failing. */
    private boolean run(Edition edition, List<Subscription> pending, boolean dryRun, long[] totals) throws InterruptedException {
        String period = edition.period().key();
        int failuresInARow = 0;
        try (var connection = mailer.open()) {
            for (Subscription s : pending) {
                if (dryRun) {
                    long t = System.nanoTime();
                    var composed = composer.compose(s, edition);
                    totals[6] += System.nanoTime() - t;
                    totals[composed == null ? 1 : 0]++;
                    continue;
                }
                if (!ledger.claim(s.id(), period, sender)) {
                    totals[3]++;
                    continue;
                }
                long t = System.nanoTime();
                var composed = composer.compose(s, edition);
                totals[6] += System.nanoTime() - t;
                if (composed == null) {
                    ledger.markEmpty(s.id(), period, sender);
                    totals[1]++;
                    continue;
                }
                t = System.nanoTime();
                Outcome outcome = deliver(connection, s, period, composed.mail(), composed.papers());
                totals[7] += System.nanoTime() - t;
                switch (outcome) {
                    case SENT -> { totals[0]++; failuresInARow = 0; }
                    case LOST_CLAIM -> totals[3]++;
                    case BOUNCED -> { totals[5]++; failuresInARow = 0; }
                    case FAILED -> totals[4]++;
                }
                if (outcome == Outcome.FAILED && ++failuresInARow >= GIVE_UP_AFTER) {
                    LOG.warn("Stopping the {} digest run: the last {} digests all failed; a later run sends the rest",
                            period, failuresInARow);
                    return true;
                }
            }
        }
        return false;
    }

    private enum Outcome { SENT, LOST_CLAIM, BOUNCED, FAILED }

    private Outcome deliver(Mailer.Connection connection, Subscription s, String period, Mail mail, int papers)
            throws InterruptedException {
        Duration delay = retryInitial;
        for (int attempt = 1; ; attempt++) {
            var marked = new boolean[2]; // 0: marked sent, 1: lost the claim
            try {
                connection.send(mail, () -> {
                    try {
                        ledger.markSending(s.id(), period, sender, papers);
                        marked[0] = true;
                    } catch (SendLedger.LeaseLostException e) {
                        marked[1] = true;
                        throw e;
                    }
                });
                ledger.markSent(s.id(), period, sender);
                return Outcome.SENT;
            } catch (MailException e) {
                if (marked[1]) {
                    LOG.warn("Digest {} for subscription {} was taken over by another sender; not sent here", period, s.id());
                    return Outcome.LOST_CLAIM;
                }
                if (marked[0] && !(e.getCause() instanceof jakarta.mail.SendFailedException)) {
                    // The end of data may have reached the server: the row stays "sending" (in doubt), never sent twice.
                    LOG.warn("Digest {} to {}: the connection failed after the end of data; left in doubt, not resent ({})",
                            period, s.email(), e.getMessage());
                    return Outcome.SENT;
                }
                if (e.permanent()) {
                    LOG.warn("Digest {} to {} refused for good; the subscription is marked bounced: {}", period, s.email(), e.getMessage());
                    ledger.markFailed(s.id(), period, sender, null, e.getMessage());
                    subscriptions.markBounced(s.id(), e.getMessage());
                    return Outcome.BOUNCED;
                }
                if (attempt >= retryAttempts) {
                    LOG.warn("Digest {} to {} failed {} times; a later run retries: {}", period, s.email(), attempt, e.getMessage());
                    ledger.markFailed(s.id(), period, sender, clock.instant().plus(delay), e.getMessage());
                    return Outcome.FAILED;
                }
                LOG.info("Digest {} to {} failed ({}); retrying in {} ms", period, s.email(), e.getMessage(), delay.toMillis());
                if (marked[0]) {
                    // Refused at the end of data: the claim is ours again for the retry.
                    ledger.reclaim(s.id(), period, sender);
                }
                sleeper.sleep(delay);
                delay = delay.multipliedBy(2);
            }
        }
    }
}
