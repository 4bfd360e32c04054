package dev.paperboy.ingest;

import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces requests to one upstream host at least {@code interval} apart. The time of the last request is also kept in
 * the database, so that two processes on the same data directory (the server's schedule and a CLI run, or a run
 * restarted after a crash) keep the spacing between them too.
 */
public final class Politeness {
    private final Database database;
    private final String host;
    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant last = Instant.MIN;

    /** @param database where the last request time is shared with other processes, or null to keep it in memory */
    public Politeness(Database database, String host, Duration interval, Clock clock, Sleeper sleeper) {
        this.database = database;
        this.host = host;
        this.interval = interval;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until a request may be sent, then records that one is being sent now. */
    public synchronized void awaitTurn() throws InterruptedException {
        Instant shared = shared();
        Instant previous = shared.isAfter(last) ? shared : last;
        Instant now = clock.instant();
        if (!previous.equals(Instant.MIN)) {
            Duration wait = Duration.between(now, previous.plus(interval));
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
        last = clock.instant();
        record(last);
    }

    public Duration interval() {
        return interval;
    }

    private Instant shared() {
        if (database == null) {
            return Instant.MIN;
        }
        return database.jdbi().withHandle(h -> h.createQuery("SELECT last_request_at FROM upstream_pacing WHERE host = ?")
                .bind(0, host).mapTo(String.class).findOne().map(Instant::parse).orElse(Instant.MIN));
    }

    private void record(Instant at) {
        if (database != null) {
            database.jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO upstream_pacing (host, last_request_at) VALUES (?, ?)
                    ON CONFLICT (host) DO UPDATE SET last_request_at = excluded.last_request_at""")
                    .bind(0, host).bind(1, at.toString()).execute());
        }
    }
}
