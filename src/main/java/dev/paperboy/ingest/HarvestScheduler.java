package dev.paperboy.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the harvest once a day at a configured time after arXiv's announcement (by default 23:30 New York time, after
 * the 22:30 ET OAI update). One daemon thread; a failed run is logged and the next day's runs as usual. Only one
 * harvest runs at a time anyway: the harvester takes a lease in the database, so a CLI harvest beside the server makes
 * the scheduled one wait for the next day instead of running twice.
 */
public final class HarvestScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HarvestScheduler.class);

    /** The job the scheduler runs; the harvest with the configured request, in production. */
    @FunctionalInterface
    public interface Job {
        void run() throws InterruptedException;
    }

    private final LocalTime at;
    private final ZoneId zone;
    private final Clock clock;
    private final Job job;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("harvest-scheduler").daemon().factory());
    private volatile Instant next;

    public HarvestScheduler(LocalTime at, ZoneId zone, Clock clock, Job job) {
        this.at = at;
        this.zone = zone;
        this.clock = clock;
        this.job = job;
    }

    /** Schedules the first run; returns this. */
    public HarvestScheduler start() {
        scheduleNext();
        return this;
    }

    /** When the next run is due, or null when the scheduler is not running. */
    public Instant next() {
        return next;
    }

    /** The first time at or after {@code now} that is {@code at} on the wall clock of {@code zone}, strictly after. */
    public static Instant nextRun(Instant now, LocalTime at, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = local.toLocalDate().atTime(at).atZone(zone);
        if (!candidate.toInstant().isAfter(now)) {
            candidate = local.toLocalDate().plusDays(1).atTime(at).atZone(zone);
        }
        return candidate.toInstant();
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        next = nextRun(now, at, zone);
        LOG.info("Next arXiv harvest at {} ({})", next.atZone(zone).toLocalDateTime(), zone);
        executor.schedule(this::runOnce, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("Scheduled harvest failed: {}", e.getMessage());
        }
        if (!executor.isShutdown()) {
            scheduleNext();
        }
    }

    @Override
    public void close() {
        next = null;
        executor.shutdownNow();
        // The harvest in hand stops at its next wait; until it has, it may still be writing to the database.
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The harvest in progress did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
