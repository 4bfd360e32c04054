package dev.paperboy.community;

import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Personal API tokens, sent as {@code Authorization: Bearer pb_…}. The token is shown once, at creation; only its
 * hash is kept. Revoking is immediate.
 */
public final class ApiTokens {
    public static final String PREFIX = "pb_";

    public record Token(String id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    /** A token just made: {@code secret} is what the member copies, and the only time it is seen. */
    public record Created(Token token, String secret) {}

    private final Database database;
    private final Accounts accounts;
    private final Clock clock;

    public ApiTokens(Database database, Accounts accounts, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.clock = clock;
    }

    public Created create(User user, String name) {
        String label = name == null || name.isBlank() ? "token" : name.strip();
        if (label.length() > 100) {
            throw new InvalidInputException("A token's name can be at most 100 characters.");
        }
        String secret = PREFIX + Secrets.random(32);
        String id = Secrets.random(9);
        Instant now = clock.instant();
        database.write(h -> h.createUpdate(
                        "INSERT INTO api_tokens (id, token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(0, id).bind(1, Secrets.sha256(secret)).bind(2, user.id()).bind(3, label)
                .bind(4, now.toString()).execute());
        return new Created(new Token(id, label, now, null, null), secret);
    }

    public List<Token> list(User user) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at")
                .bind(0, user.id())
                .map((rs, ctx) -> new Token(rs.getString(1), rs.getString(2), instant(rs.getString(3)),
                        instant(rs.getString(4)), instant(rs.getString(5))))
                .list());
    }

    /** @throws NotFoundException when this member has no such live token (another member's counts as none) */
    public void revoke(User user, String tokenId) {
        int n = database.write(h -> h.createUpdate(
                        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .bind(0, clock.instant().toString()).bind(1, tokenId).bind(2, user.id()).execute());
        if (n == 0) {
            throw new NotFoundException("You have no active token " + tokenId + ".");
        }
    }

    /** The member a bearer token belongs to, unless it is unknown or revoked. */
    public Optional<User> resolve(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(secret);
        record Row(String id, String lastUsed, User user) {}
        // One query for the token and its member: this runs before every request a script makes.
        Optional<Row> row = database.jdbi().withHandle(h -> h.createQuery("SELECT t.id AS token_id, "
                        + "t.last_used_at AS token_last_used, " + Accounts.USER_COLUMNS_OF_U
                        + " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL")
                .bind(0, hash)
                .map((rs, ctx) -> new Row(rs.getString("token_id"), rs.getString("token_last_used"), Accounts.user(rs)))
                .findOne());
        row.ifPresent(r -> {
            Instant now = clock.instant();
            // Recorded to the minute, not on every call: a busy client should not turn every read into a write.
            if (r.lastUsed() == null || Instant.parse(r.lastUsed()).plus(Duration.ofMinutes(1)).isBefore(now)) {
                database.write(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
                        .bind(0, now.toString()).bind(1, r.id()).execute());
            }
        });
        return row.map(Row::user);
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
