package dev.paperboy.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/**
 * Named leases in the database ({@code job_leases}): work that must have one owner among every process on the
 * database — a harvest, and the server's background workers when several nodes share it. A lease is taken when it
 * is free, has expired, or is held by a process of this host that no longer exists; its holder renews it before it
 * runs out, and another process takes over when it does. Every change is one conditional statement, so two
 * processes racing for a lease on SQLite or PostgreSQL never both get it.
 */
public final class Leases {
    /** Fixed width, so that text order in SQL is time order ({@code Instant.toString} drops zero fractions). */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final Clock clock;

    public Leases(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A name for a holder that says which process it is: host, pid and a random part (two holders in one process differ). */
    public static String newHolder() {
        return host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Takes the lease for {@code ttl}, or renews it when {@code holder} has it already.
     *
     * @return empty when {@code holder} holds it now; otherwise who does, and until when
     */
    public Optional<String> acquire(String name, String holder, Duration ttl) {
        return database.writeSql(connection -> {
            Instant now = clock.instant();
            String until = TIME.format(now.plus(ttl));
            try (var take = connection.prepareStatement("""
                    INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= ?""")) {
                take.setString(1, name);
                take.setString(2, holder);
                take.setString(3, until);
                take.setString(4, TIME.format(now));
                if (take.executeUpdate() == 1) {
                    return Optional.<String>empty();
                }
            }
            Optional<Held> current = held(connection, name);
            if (current.isEmpty()) {
                return Optional.of("another process");
            }
            if (!isDeadLocalProcess(current.get().holder())) {
                return Optional.of(current.get().holder() + " until " + current.get().until());
            }
            // Its holder died on this host: no need to wait for the lease to run out.
            try (var update = connection.prepareStatement(
                    "UPDATE job_leases SET holder = ?, expires_at = ? WHERE name = ? AND holder = ?")) {
                update.setString(1, holder);
                update.setString(2, until);
                update.setString(3, name);
                update.setString(4, current.get().holder());
                return update.executeUpdate() == 1 ? Optional.<String>empty() : Optional.of("another process");
            }
        });
    }

    /** Extends the lease, on the caller's transaction; false when {@code holder} lost it (it ran out and another took it). */
    public boolean renew(Connection connection, String name, String holder, Duration ttl) throws SQLException {
        try (var update = connection.prepareStatement(
                "UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?")) {
            update.setString(1, TIME.format(clock.instant().plus(ttl)));
            update.setString(2, name);
            update.setString(3, holder);
            return update.executeUpdate() == 1;
        }
    }

    public boolean renew(String name, String holder, Duration ttl) {
        return database.writeSql(connection -> renew(connection, name, holder, ttl));
    }

    /** Gives the lease up, if {@code holder} still has it, so another process need not wait for it to run out. */
    public void release(String name, String holder) {
        database.writeSql(connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM job_leases WHERE name = ? AND holder = ?")) {
                delete.setString(1, name);
                delete.setString(2, holder);
                return delete.executeUpdate();
            }
        });
    }

    /** Who holds the lease now, if anyone (an expired lease, or one of a dead process of this host, holds nothing). */
    public Optional<String> holder(String name) {
        // A plain read, not a transaction: on SQLite a transaction takes the write lock, and /metrics and /status
        // must not wait behind a writer to say who holds a lease.
        Optional<Held> current;
        try (Connection connection = database.dataSource().getConnection()) {
            current = held(connection, name);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return current
                .filter(h -> h.until().isAfter(clock.instant()) && !isDeadLocalProcess(h.holder()))
                .map(Held::holder);
    }

    /** One holder's leases on several kinds of work, e.g. a server's background workers: see {@link #owner}. */
    public Owner owner(Duration ttl) {
        return new Owner(newHolder(), ttl);
    }

    /**
     * A process's claim on named work. Each check takes the lease or renews it when half its time has passed, so a
     * worker that checks before every step (every few seconds) writes to the database about once a minute; a process
     * that stops checking (it died, or hangs) loses the work to another within {@code ttl}.
     */
    public final class Owner implements AutoCloseable {
        private final String holder;
        private final Duration ttl;
        private final java.util.Map<String, Instant> renewAfter = new java.util.concurrent.ConcurrentHashMap<>();

        private Owner(String holder, Duration ttl) {
            this.holder = holder;
            this.ttl = ttl;
        }

        public String holder() {
            return holder;
        }

        /** True when this process holds the lease {@code name} now (taking or renewing it as needed). */
        public boolean holds(String name) {
            Instant now = clock.instant();
            Instant after = renewAfter.get(name);
            if (after != null && now.isBefore(after)) {
                return true;
            }
            if (acquire(name, holder, ttl).isEmpty()) {
                renewAfter.put(name, now.plus(ttl.dividedBy(2)));
                return true;
            }
            renewAfter.remove(name);
            return false;
        }

        /**
         * How long a loop guarded by a lease may rest between steps: its own {@code idle}, but never so long that the
         * lease lapses between two checks (a digest loop resting a minute on a two-minute lease would lose it to
         * another node every other minute, and a node that dies would be noticed only a whole rest later).
         */
        public Duration rest(Duration idle) {
            Duration most = ttl.dividedBy(3);
            return idle.compareTo(most) < 0 ? idle : most;
        }

        /** {@code step} run only while this process holds the lease {@code name}; otherwise 0 (nothing done), so its loop rests. */
        public java.util.function.IntSupplier whileHolding(String name, java.util.function.IntSupplier step) {
            return () -> holds(name) ? step.getAsInt() : 0;
        }

        /** Gives up every lease this owner took, so other processes take the work over at once. */
        @Override
        public void close() {
            for (String name : java.util.List.copyOf(renewAfter.keySet())) {
                renewAfter.remove(name);
                release(name, holder);
            }
        }
    }

    private record Held(String holder, Instant until) {}

    private static Optional<Held> held(Connection connection, String name) throws SQLException {
        try (var query = connection.prepareStatement("SELECT holder, expires_at FROM job_leases WHERE name = ?")) {
            query.setString(1, name);
            try (var rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new Held(rows.getString(1), Instant.parse(rows.getString(2))))
                        : Optional.empty();
            }
        }
    }

    private static boolean isDeadLocalProcess(String holder) {
        String[] parts = holder.split("/");
        if (parts.length < 3 || !parts[0].equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
