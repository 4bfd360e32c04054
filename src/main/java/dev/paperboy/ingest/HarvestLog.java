package dev.paperboy.ingest;

import dev.paperboy.store.Database;
import dev.paperboy.store.Leases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * The harvest's bookkeeping in the database: where each stream stands (watermark, the page in progress), one row per
 * run for {@code /status}, and the lease that lets only one harvest run at a time across processes.
 */
public final class HarvestLog {
    static final String LEASE = "harvest";

    private final Database database;
    private final Clock clock;
    private final Leases leases;

    public HarvestLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.leases = new Leases(database, clock);
    }

    /**
     * Where a stream (base URL, set and format) stands.
     *
     * @param watermark responseDate of the last complete harvest, or null before the first
     * @param windowFrom the {@code from} of the harvest in progress ({@code *} for everything), or null when none is
     * @param token the next page of the harvest in progress, or null
     * @param windowStarted responseDate of that harvest's first page; it becomes the watermark when the harvest ends
     */
    public record State(Instant watermark, String windowFrom, String token, Instant windowStarted) {
        static final State NONE = new State(null, null, null, null);

        boolean inProgress() {
            return windowFrom != null;
        }
    }

    public State state(String stream) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT watermark, window_from, resumption_token, window_started FROM harvest_state WHERE stream = ?")
                .bind(0, stream)
                .map((r, ctx) -> new State(instant(r.getString(1)), r.getString(2), r.getString(3), instant(r.getString(4))))
                .findOne()
                .orElse(State.NONE));
    }

    void saveState(Connection connection, String stream, State state) throws SQLException {
        try (var upsert = connection.prepareStatement("""
                INSERT INTO harvest_state (stream, watermark, window_from, resumption_token, window_started, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (stream) DO UPDATE SET watermark = excluded.watermark, window_from = excluded.window_from,
                    resumption_token = excluded.resumption_token, window_started = excluded.window_started,
                    updated_at = excluded.updated_at""")) {
            upsert.setString(1, stream);
            upsert.setString(2, text(state.watermark()));
            upsert.setString(3, state.windowFrom());
            upsert.setString(4, state.token());
            upsert.setString(5, text(state.windowStarted()));
            upsert.setString(6, clock.instant().toString());
            upsert.executeUpdate();
        }
    }

    /** Records a run that has just started; returns its id. */
    String startRun(String stream, Instant started) {
        String id = UUID.randomUUID().toString();
        database.jdbi().useHandle(h -> h.createUpdate(
                        "INSERT INTO harvest_runs (id, stream, started_at, outcome) VALUES (?, ?, ?, 'running')")
                .bind(0, id).bind(1, stream).bind(2, started.toString()).execute());
        return id;
    }

    /** Saves a run's numbers; on the connection of a page's transaction, so they count exactly what committed. */
    void saveRun(Connection connection, String id, HarvestReport report) throws SQLException {
        try (var update = connection.prepareStatement("""
                UPDATE harvest_runs SET finished_at = ?, outcome = ?, requests = ?, retries = ?, records_read = ?,
                    inserted = ?, updated = ?, unchanged = ?, deleted = ?, skipped = ?, watermark = ?, message = ?
                WHERE id = ?""")) {
            update.setString(1, text(report.finished()));
            update.setString(2, report.outcome());
            update.setInt(3, report.requests());
            update.setInt(4, report.retries());
            update.setLong(5, report.read());
            update.setLong(6, report.inserted());
            update.setLong(7, report.updated());
            update.setLong(8, report.unchanged());
            update.setLong(9, report.deleted());
            update.setLong(10, report.skipped());
            update.setString(11, text(report.watermark()));
            update.setString(12, report.message());
            update.setString(13, id);
            update.executeUpdate();
        }
    }

    void saveRun(String id, HarvestReport report) {
        database.inTransaction(connection -> {
            saveRun(connection, id, report);
            return null;
        });
    }

    /** How far a run has gone through its list (records done of the list's size): the bar on {@code /status}. */
    void saveProgress(Connection connection, String id, long done, long size) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE harvest_runs SET list_done = ?, list_size = ? WHERE id = ?")) {
            update.setLong(1, done);
            update.setLong(2, size);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    /** Records done of the list's size in the latest run, when the repository said how long its list is. */
    Optional<long[]> lastProgress() {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT list_done, list_size FROM harvest_runs ORDER BY started_at DESC, id DESC LIMIT 1""")
                .map((r, ctx) -> new long[] {r.getLong(1), r.getLong(2)})  // NULL reads as 0: no size said
                .findFirst().filter(p -> p[1] > 0));
    }

    /** The latest run, if any; a run still marked running whose process holds no lease is reported as interrupted. */
    public Optional<HarvestReport> lastRun() {
        Optional<HarvestReport> last = database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT stream, started_at, finished_at, outcome, requests, retries, records_read, inserted, updated,
                            unchanged, deleted, skipped, watermark, message
                        FROM harvest_runs ORDER BY started_at DESC, id DESC LIMIT 1""")
                .map((r, ctx) -> new HarvestReport(r.getString(1), instant(r.getString(2)), instant(r.getString(3)),
                        r.getString(4), r.getInt(5), r.getInt(6), r.getLong(7), r.getLong(8), r.getLong(9),
                        r.getLong(10), r.getLong(11), r.getLong(12), instant(r.getString(13)), r.getString(14)))
                .findOne());
        return last.map(run -> run.outcome().equals("running") && leaseHolder().isEmpty()
                ? new HarvestReport(run.stream(), run.started(), run.finished(), "interrupted", run.requests(),
                        run.retries(), run.read(), run.inserted(), run.updated(), run.unchanged(), run.deleted(),
                        run.skipped(), run.watermark(), "its process stopped before the end; the next harvest resumes it")
                : run);
    }

    /**
     * What {@code /status} shows about harvesting: the last run (start, end, requests, records read / inserted /
     * updated / unchanged / deleted / skipped, retries, the watermark) and the next scheduled one.
     *
     * @param nextScheduled when the server's schedule runs next, or null when no schedule runs
     */
    public java.util.Map<String, String> status(Instant nextScheduled) {
        var facts = new java.util.LinkedHashMap<String, String>();
        facts.put("next scheduled harvest", nextScheduled == null ? "none (harvest.schedule=false)" : nextScheduled.toString());
        Optional<HarvestReport> last = lastRun();
        if (last.isEmpty()) {
            facts.put("last harvest", "never");
            return facts;
        }
        HarvestReport run = last.get();
        facts.put("last harvest", run.outcome());
        facts.put("source", run.stream());
        facts.put("started", String.valueOf(run.started()));
        facts.put("finished", run.finished() == null ? "—" : run.finished().toString());
        facts.put("requests", String.valueOf(run.requests()));
        facts.put("retries", String.valueOf(run.retries()));
        facts.put("records read", String.format("%,d", run.read()));
        // "N of M": the status page draws it as a bar (Charts.progressOf), beside the embedding one.
        lastProgress().ifPresent(p -> facts.put("list harvested", String.format(java.util.Locale.ROOT, "%,d of %,d records (%.1f %%)",
                p[0], p[1], 100.0 * p[0] / p[1])));
        facts.put("inserted", String.format("%,d", run.inserted()));
        facts.put("updated", String.format("%,d", run.updated()));
        facts.put("unchanged", String.format("%,d", run.unchanged()));
        facts.put("deleted upstream", String.format("%,d", run.deleted()));
        facts.put("skipped", String.format("%,d", run.skipped()));
        facts.put("watermark", run.watermark() == null ? "none yet" : run.watermark().toString());
        if (run.message() != null) {
            facts.put("message", run.message());
        }
        return facts;
    }

    /** A name for this harvester that says which process holds a lease: host, pid and a random part. */
    static String newHolder() {
        return Leases.newHolder();
    }

    /**
     * Takes the harvest lease when it is free, expired, or held by a process on this host that no longer exists.
     *
     * @return empty when taken; otherwise who holds it and until when
     */
    Optional<String> acquire(String holder, Duration ttl) {
        return leases.acquire(LEASE, holder, ttl);
    }

    /** Extends the lease; false when this holder lost it (it expired and another process took it). */
    boolean renew(Connection connection, String holder, Duration ttl) throws SQLException {
        return leases.renew(connection, LEASE, holder, ttl);
    }

    boolean renew(String holder, Duration ttl) {
        return leases.renew(LEASE, holder, ttl);
    }

    void release(String holder) {
        leases.release(LEASE, holder);
    }

    /** Who holds the harvest lease now, if anyone (an expired lease or a dead local process holds nothing). */
    public Optional<String> leaseHolder() {
        return leases.holder(LEASE);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static LocalDate day(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC);
    }
}
