package dev.paperboy.backup;

import dev.paperboy.backup.TableCopy.Position;
import dev.paperboy.backup.TableCopy.Summary;
import dev.paperboy.backup.TableCopy.Table;
import dev.paperboy.store.Database;
import dev.paperboy.store.Dialect;
import dev.paperboy.store.Leases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code paperboy migrate}: copies a stopped SQLite instance into another database (PostgreSQL), table by table in
 * batches, then proves the copy equal, table by table, by row counts and checksums.
 *
 * <p>Each batch is one transaction on the target that also records, in {@code migrated_from}, the key of the last
 * row it copied: a copy killed at any moment resumes after the last committed batch, and since every row is an
 * upsert on its key, a batch copied twice changes nothing. The same table says where the target's rows came from,
 * so a database that holds anything else is refused before a row is written.
 */
public final class Migration {
    /** Rows per batch (one transaction on the target). */
    public static final int BATCH = 1_000;
    private static final String WHOLE = "*";

    private final Path dataDir;
    private final String targetUrl;
    private Database target;
    private final Clock clock;
    private final int batch;
    private final Consumer<String> log;

    /** Copies the SQLite instance in {@code dataDir} into the database at {@code targetUrl}, {@code batch} rows a transaction. */
    public Migration(Path dataDir, String targetUrl, Clock clock, int batch, Consumer<String> log) {
        if (batch < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
        this.dataDir = dataDir;
        this.targetUrl = targetUrl;
        this.clock = clock;
        this.batch = batch;
        this.log = log;
    }

    /** One table of a migration: what the source holds, what the target holds now, and the rows this run copied. */
    public record TableReport(String table, Summary source, Summary target, long copiedNow) {
        public boolean same() {
            return source.equals(target);
        }
    }

    /** All tables, in the order copied; {@code resumed} when an earlier, interrupted run had begun the copy. */
    public record Report(List<TableReport> tables, boolean resumed) {
        public boolean verified() {
            return tables.stream().allMatch(TableReport::same);
        }

        public List<String> differing() {
            return tables.stream().filter(t -> !t.same()).map(TableReport::table).toList();
        }

        /** The per-table comparison, as the CLI prints it. */
        public String describe() {
            var out = new StringBuilder(String.format("%-22s %12s %12s %12s  %s%n", "table", "source rows", "target rows",
                    "copied now", "checksum"));
            for (TableReport t : tables) {
                out.append(String.format("%-22s %,12d %,12d %,12d  %s%n", t.table(), t.source().rows(), t.target().rows(),
                        t.copiedNow(), t.same() ? "same " + t.source().checksum().substring(0, 12)
                                : "DIFFERENT (source " + t.source().checksum().substring(0, 12) + ", target "
                                        + t.target().checksum().substring(0, 12) + ")"));
            }
            return out.toString();
        }
    }

    /**
     * Copies and verifies.
     *
     * @throws IllegalArgumentException when the data directory holds no database
     * @throws RefusedException when a server or job uses the data directory, or the target holds other data
     * @throws dev.paperboy.store.UnreachableDatabaseException when the target cannot be reached
     */
    public Report run() {
        Path file = dataDir.resolve(Backups.DATABASE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("there is no Paperboy database in " + dataDir.toAbsolutePath()
                    + "; give the data directory to copy with --data DIR");
        }
        try (var held = Backups.hold(dataDir, "migrate"); Database source = Database.openSqlite(dataDir)) {
            requireNoLiveLeases(source);
            // Only now, with the source known to be stopped and held: a refusal then leaves the target untouched.
            try (Database opened = Database.open(targetUrl)) {
                target = opened;
                return copyAndVerify(source, file);
            }
        }
    }

    private Report copyAndVerify(Database source, Path file) {
        String sourceId = file.toAbsolutePath().normalize().toString();
        return TableCopy.inSnapshot(source.dataSource(), from -> {
            List<Table> tables = TableCopy.tables(from);
            boolean resumed = target.inTransaction(to -> claim(to, sourceId, tables));
            if (resumed) {
                log.accept("resuming the copy of " + sourceId);
            }
            var copied = new java.util.LinkedHashMap<String, Long>();
            for (Table table : tables) {
                copied.put(table.name(), copy(from, table, sourceId));
            }
            Map<String, Summary> inSource = TableCopy.summarise(from, tables);
            Map<String, Summary> inTarget = TableCopy.inSnapshot(target.dataSource(), to -> TableCopy.summarise(to, tables));
            var reports = new ArrayList<TableReport>();
            for (Table table : tables) {
                reports.add(new TableReport(table.name(), inSource.get(table.name()), inTarget.get(table.name()),
                        copied.get(table.name())));
            }
            var report = new Report(List.copyOf(reports), resumed);
            if (report.verified()) {
                target.inTransaction(to -> progress(to, sourceId, WHOLE, null, 0, true));
            }
            return report;
        });
    }

    /** A SQLite instance with a live lease (a server's workers, a harvest) is in use, even where the index is not. */
    private void requireNoLiveLeases(Database source) {
        var leases = new Leases(source, clock);
        List<String> names = source.jdbi().withHandle(h -> h.createQuery("SELECT name FROM job_leases ORDER BY name")
                .mapTo(String.class).list());
        for (String name : names) {
            var holder = leases.holder(name);
            if (holder.isPresent()) {
                throw new RefusedException("a running Paperboy (" + holder.get() + ") holds the '" + name + "' lease on "
                        + dataDir.toAbsolutePath() + "; stop it, then run migrate again");
            }
        }
    }

    /**
     * Makes sure the target is this copy's: either a copy of the same source begun earlier (true: resume it), or
     * empty (false: a new copy, recorded now).
     */
    private boolean claim(Connection to, String sourceId, List<Table> tables) throws SQLException {
        var sources = new ArrayList<String>();
        try (var query = to.prepareStatement("SELECT source FROM migrated_from WHERE table_name = ?")) {
            query.setString(1, WHOLE);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    sources.add(rows.getString(1));
                }
            }
        }
        if (sources.contains(sourceId)) {
            return true;
        }
        if (!sources.isEmpty()) {
            throw new RefusedException("the target database holds a copy of " + sources.getFirst() + ", not of "
                    + sourceId + "; migrate into a new, empty database");
        }
        var holding = new ArrayList<String>();
        for (Table table : tables) {
            try (var s = to.createStatement(); var rows = s.executeQuery("SELECT 1 FROM \"" + table.name() + "\" LIMIT 1")) {
                if (rows.next()) {
                    holding.add(table.name());
                }
            }
        }
        if (!holding.isEmpty()) {
            throw new RefusedException("the target database already holds data (" + String.join(", ", holding.subList(0,
                    Math.min(4, holding.size()))) + (holding.size() > 4 ? ", …" : "") + "); migrate into a new, empty database "
                    + "(e.g. `createdb`), never one a server has started on");
        }
        progress(to, sourceId, WHOLE, null, 0, false);
        return false;
    }

    /** Copies what is left of {@code table}, one transaction per batch; returns the rows this run copied. */
    private long copy(Connection from, Table table, String sourceId) {
        record Progress(Position position, boolean finished) {}
        Progress start = target.inTransaction(to -> {
            try (var query = to.prepareStatement(
                    "SELECT last_key, finished_at FROM migrated_from WHERE source = ? AND table_name = ?")) {
                query.setString(1, sourceId);
                query.setString(2, table.name());
                try (var rows = query.executeQuery()) {
                    return rows.next() ? new Progress(Position.parse(rows.getString(1), table), rows.getString(2) != null)
                            : new Progress(null, false);
                }
            }
        });
        if (start.finished()) {
            return 0;
        }
        boolean stripNul = target.dialect() == Dialect.POSTGRESQL;
        long copied = 0;
        Position position = start.position();
        while (true) {
            Position after = position;
            var done = target.inTransaction(to -> {
                var b = TableCopy.copyBatch(from, to, table, after, batch, stripNul);
                progress(to, sourceId, table.name(), b.next() == null ? after : b.next(), b.rows(), b.next() == null);
                return b;
            });
            copied += done.rows();
            if (done.next() == null) {
                if (copied > 0) {
                    log.accept(String.format("copied %s (%,d rows)", table.name(), copied));
                }
                return copied;
            }
            position = done.next();
        }
    }

    private Void progress(Connection to, String sourceId, String table, Position position, long rows, boolean finished)
            throws SQLException {
        String now = clock.instant().toString();
        try (var upsert = to.prepareStatement("""
                INSERT INTO migrated_from (source, table_name, last_key, copied, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, table_name) DO UPDATE SET last_key = excluded.last_key,
                    copied = migrated_from.copied + excluded.copied, finished_at = excluded.finished_at""")) {
            upsert.setString(1, sourceId);
            upsert.setString(2, table);
            upsert.setString(3, position == null ? null : position.json());
            upsert.setLong(4, rows);
            upsert.setString(5, now);
            upsert.setString(6, finished ? now : null);
            upsert.executeUpdate();
        }
        return null;
    }
}
