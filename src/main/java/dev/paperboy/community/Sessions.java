package dev.paperboy.community;

import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Server-side sessions. The cookie holds a random id; the database holds its hash. A new id is issued at every
 * login (so an id planted before login is worthless) and logout deletes the row, so a copied cookie stops working.
 */
public final class Sessions {
    private final Database database;
    private final Accounts accounts;
    private final Clock clock;
    private final Duration maxAge;

    public Sessions(Database database, Accounts accounts, Clock clock, Duration maxAge) {
        this.database = database;
        this.accounts = accounts;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** Starts a session for this member; returns the cookie value. */
    public String start(User user) {
        String id = Secrets.random(32);
        Instant now = clock.instant();
        database.write(h -> h.createUpdate(
                        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .bind(0, Secrets.sha256(id)).bind(1, user.id()).bind(2, now.toString())
                .bind(3, now.plus(maxAge).toString()).execute());
        return id;
    }

    /** The member this cookie value belongs to, while the session lives. */
    public Optional<User> resolve(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?")
                .bind(0, Secrets.sha256(cookieValue)).bind(1, clock.instant().toString())
                .mapTo(String.class).findOne())
                .flatMap(accounts::byId);
    }

    public void end(String cookieValue) {
        if (cookieValue != null) {
            database.write(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = ?")
                    .bind(0, Secrets.sha256(cookieValue)).execute());
        }
    }
}
