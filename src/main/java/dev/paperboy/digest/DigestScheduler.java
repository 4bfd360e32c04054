package dev.paperboy.digest;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's digest clock: on every tick (a minute apart) it sends whatever is due and not yet sent. After a
 * restart the first tick finds the rest of an interrupted run and finishes it; the ledger keeps every tick, in every
 * process, from sending anything twice.
 */
public final class DigestScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(DigestScheduler.class);

    private final DigestSchedule schedule;
    private final DigestSender sender;
    private final Clock clock;

    public DigestScheduler(DigestSchedule schedule, DigestSender sender, Clock clock) {
        this.schedule = schedule;
        this.sender = sender;
        this.clock = clock;
    }

    /** Sends what is due now; returns how many digests went out. */
    public int tick() {
        var now = clock.instant();
        int sent = 0;
        for (Frequency frequency : schedule.dueAt(now)) {
            try {
                sent += sender.send(frequency, schedule.today(now), false, false).sent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.info("Digest run interrupted; the next tick resumes it");
                return sent;
            }
        }
        return sent;
    }
}
