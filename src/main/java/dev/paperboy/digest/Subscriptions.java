package dev.paperboy.digest;

import dev.paperboy.community.Accounts;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.Secrets;
import dev.paperboy.community.User;
import dev.paperboy.mail.Mail;
import dev.paperboy.mail.Mailer;
import dev.paperboy.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Subscriptions to digests: double opt-in, the signed links in every mail (confirm, unsubscribe, manage), and a
 * member's own subscription from their settings.
 *
 * <p>A link's token is {@code id.signature}: the subscription's random id and an HMAC of it with the server secret
 * and the link's purpose. A forged or altered token fails the signature before any lookup, so the answer to it is
 * the same whether or not the address is subscribed.
 */
public final class Subscriptions {
    private static final String COLUMNS = "id, email, frequency, categories, query, user_id, include_similar, for_you, status, "
            + "created_at, confirmed_at";

    private final Database database;
    private final Secrets secrets;
    private final Mailer mailer;
    private final Clock clock;
    private final java.util.function.Supplier<String> baseUrl;

    public Subscriptions(Database database, Secrets secrets, Mailer mailer, Clock clock,
            java.util.function.Supplier<String> baseUrl) {
        this.database = database;
        this.secrets = secrets;
        this.mailer = mailer;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** The links' purposes; each signs differently, so an unsubscribe token cannot confirm and vice versa. */
    public enum Purpose { CONFIRM, UNSUBSCRIBE, MANAGE }

    public String token(Purpose purpose, String subscriptionId) {
        return secrets.signedId("digest-" + purpose.name().toLowerCase(java.util.Locale.ROOT), subscriptionId);
    }

    public String link(Purpose purpose, String subscriptionId) {
        String path = switch (purpose) {
            case CONFIRM -> "/subscribe/confirm";
            case UNSUBSCRIBE -> "/unsubscribe";
            case MANAGE -> "/subscribe/manage";
        };
        return baseUrl.get() + path + "?token=" + token(purpose, subscriptionId);
    }

    /**
     * Records a pending subscription and mails the confirmation link; nothing else is sent until it is followed.
     *
     * @throws InvalidInputException for a malformed address
     */
    public Subscription subscribe(String email, Preferences preferences) {
        String address = Accounts.normaliseEmail(email);
        Instant now = clock.instant();
        // The same request again reuses its subscription, so a double click never means two digests a day.
        var same = database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM subscriptions WHERE email = ? "
                        + "AND user_id IS NULL AND frequency = ? AND categories = ? AND COALESCE(query, '') = ? "
                        + "AND status <> 'bounced' LIMIT 1")
                .bind(0, address).bind(1, preferences.frequency().code()).bind(2, String.join(" ", preferences.categories()))
                .bind(3, preferences.query() == null ? "" : preferences.query())
                .map((rows, ctx) -> read(rows)).findOne());
        if (same.isPresent() && same.get().status() == Subscription.Status.ACTIVE) {
            String id = same.get().id();
            mailer.send(Mail.plain(address, "You already get this Paperboy digest",
                    "Hello,\n\nsomeone (we hope you) asked again for this digest, which already comes to this address:\n\n    "
                            + preferences.describe() + "\n\nNothing changed. To change or stop it:\n\n"
                            + link(Purpose.MANAGE, id) + "\n"));
            return same.get();
        }
        String id = same.map(Subscription::id).orElseGet(() -> Secrets.random(16));
        database.write(h -> same.isPresent()
                ? h.createUpdate("UPDATE subscriptions SET status = 'pending', ended_at = NULL WHERE id = ?").bind(0, id).execute()
                : insert(h, id, address, preferences, null, false, Subscription.Status.PENDING, now, null));
        sendConfirmation(id, address, preferences);
        return byId(id).orElseThrow();
    }

    private void sendConfirmation(String id, String address, Preferences preferences) {
        mailer.send(Mail.plain(address, "Confirm your Paperboy digest",
                "Hello,\n\nsomeone (we hope you) asked for Paperboy's digest of research papers at this address:\n\n    "
                        + preferences.describe() + "\n\nConfirm it, and the first digest comes with the next "
                        + (preferences.frequency() == Frequency.DAILY ? "weekday" : "week") + ":\n\n"
                        + link(Purpose.CONFIRM, id) + "\n\n"
                        + "If you did not ask for it, ignore this mail: nothing more will be sent.\n"));
    }

    /**
     * Activates the subscription the confirmation link was mailed for. Following it twice is harmless.
     *
     * @throws InvalidInputException when the token is forged or altered, or the subscription is gone
     */
    public Subscription confirm(String token) {
        String id = verify(Purpose.CONFIRM, token);
        String now = clock.instant().toString();
        database.write(h -> h.createUpdate("UPDATE subscriptions SET status = 'active', confirmed_at = ? "
                        + "WHERE id = ? AND status = 'pending'").bind(0, now).bind(1, id).execute());
        return byId(id).orElseThrow(Subscriptions::invalidLink);
    }

    /**
     * Ends the subscription an unsubscribe link names; doing it again changes nothing.
     *
     * @throws InvalidInputException when the token is forged or altered, or the subscription is gone
     */
    public Subscription unsubscribe(String token) {
        String id = verify(Purpose.UNSUBSCRIBE, token);
        end(id);
        return byId(id).orElseThrow(Subscriptions::invalidLink);
    }

    private void end(String id) {
        String now = clock.instant().toString();
        database.write(h -> h.createUpdate("UPDATE subscriptions SET status = 'unsubscribed', ended_at = ? "
                + "WHERE id = ? AND status IN ('pending', 'active')").bind(0, now).bind(1, id).execute());
    }

    /**
     * The subscription a manage link or an unsubscribe link names.
     *
     * @throws InvalidInputException when the token is forged or altered, or the subscription is gone
     */
    public Subscription byToken(Purpose purpose, String token) {
        return byId(verify(purpose, token)).orElseThrow(Subscriptions::invalidLink);
    }

    /**
     * Changes what a manage link's subscription receives. An unsubscribed one becomes active again: the address was
     * confirmed, and following the link proves it is still theirs. A bounced one stays bounced.
     */
    public Subscription update(String manageToken, Preferences preferences) {
        String id = verify(Purpose.MANAGE, manageToken);
        String now = clock.instant().toString();
        database.write(h -> h.createUpdate("UPDATE subscriptions SET frequency = ?, categories = ?, query = ?, "
                        + "status = CASE WHEN status = 'unsubscribed' AND confirmed_at IS NOT NULL THEN 'active' ELSE status END, "
                        + "ended_at = CASE WHEN status = 'unsubscribed' AND confirmed_at IS NOT NULL THEN NULL ELSE ended_at END "
                        + "WHERE id = ?")
                .bind(0, preferences.frequency().code()).bind(1, String.join(" ", preferences.categories()))
                .bind(2, preferences.query()).bind(3, id).execute());
        return byId(id).orElseThrow(Subscriptions::invalidLink);
    }

    /** A member's own subscription (the one their settings page manages), if any. */
    public Optional<Subscription> forMember(User user) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM subscriptions WHERE user_id = ? ORDER BY created_at DESC LIMIT 1")
                .bind(0, user.id()).map((rows, ctx) -> read(rows)).findOne());
    }

    /**
     * Starts, changes or (with null preferences) stops a member's own digest. A confirmed account's address is
     * already proven, so it starts at once; otherwise it waits for the confirmation link like any other.
     */
    public Optional<Subscription> saveForMember(User user, Preferences preferences, boolean includeSimilar) {
        return saveForMember(user, preferences, includeSimilar,
                forMember(user).map(Subscription::forYou).orElse(ForYou.OFF));
    }

    /** As above, choosing also whether the digest carries the member's "for you" list, and instead of what. */
    public Optional<Subscription> saveForMember(User user, Preferences preferences, boolean includeSimilar, ForYou forYou) {
        var existing = forMember(user);
        if (preferences == null) {
            existing.ifPresent(s -> end(s.id()));
            return existing.flatMap(s -> byId(s.id()));
        }
        Instant now = clock.instant();
        var status = user.verified() ? Subscription.Status.ACTIVE : Subscription.Status.PENDING;
        String id = existing.map(Subscription::id).orElseGet(() -> Secrets.random(16));
        database.write(h -> {
            if (existing.isPresent()) {
                h.createUpdate("UPDATE subscriptions SET email = ?, frequency = ?, categories = ?, query = ?, "
                                + "include_similar = ?, status = CASE WHEN status = 'bounced' THEN status ELSE ? END, "
                                + "confirmed_at = COALESCE(confirmed_at, ?), ended_at = NULL WHERE id = ?")
                        .bind(0, user.email()).bind(1, preferences.frequency().code())
                        .bind(2, String.join(" ", preferences.categories())).bind(3, preferences.query())
                        .bind(4, includeSimilar ? 1 : 0).bind(5, status.code())
                        .bind(6, status == Subscription.Status.ACTIVE ? now.toString() : null).bind(7, id).execute();
            } else {
                insert(h, id, user.email(), preferences, user.id(), includeSimilar, status, now,
                        status == Subscription.Status.ACTIVE ? now : null);
            }
            h.createUpdate("UPDATE subscriptions SET for_you = ? WHERE id = ?").bind(0, forYou.code()).bind(1, id).execute();
            return null;
        });
        if (status == Subscription.Status.PENDING) {
            sendConfirmation(id, user.email(), preferences);
        }
        return byId(id);
    }

    public Optional<Subscription> byId(String id) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM subscriptions WHERE id = ?")
                .bind(0, id).map((rows, ctx) -> read(rows)).findOne());
    }

    /** Every active subscription of a frequency, in a stable order. */
    public List<Subscription> active(Frequency frequency) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM subscriptions WHERE status = 'active' AND frequency = ? ORDER BY id")
                .bind(0, frequency.code()).map((rows, ctx) -> read(rows)).list());
    }

    /** The papers in a member's library, for "include papers similar to my library". */
    List<String> libraryIds(String userId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT paper_id FROM library WHERE user_id = ? ORDER BY saved_at DESC LIMIT 200")
                .bind(0, userId).mapTo(String.class).list());
    }

    /** The mail server refused this address for good: stop sending to it. */
    public void markBounced(String id, String reason) {
        String now = clock.instant().toString();
        String r = reason == null ? "" : reason.length() > 500 ? reason.substring(0, 500) : reason;
        database.write(h -> h.createUpdate("UPDATE subscriptions SET status = 'bounced', ended_at = ?, bounce_reason = ? "
                + "WHERE id = ?").bind(0, now).bind(1, r).bind(2, id).execute());
    }

    /** Adds an active subscription directly, as a confirmed one: for benchmarks, tests and imports. */
    public Subscription addConfirmed(String email, Preferences preferences) {
        String id = Secrets.random(16);
        Instant now = clock.instant();
        database.write(h -> insert(h, id, Accounts.normaliseEmail(email), preferences, null, false,
                Subscription.Status.ACTIVE, now, now));
        return byId(id).orElseThrow();
    }

    private String verify(Purpose purpose, String token) {
        return secrets.verifiedId("digest-" + purpose.name().toLowerCase(java.util.Locale.ROOT), token)
                .orElseThrow(Subscriptions::invalidLink);
    }

    private static InvalidInputException invalidLink() {
        return new InvalidInputException("This link is not valid: it was copied incompletely or changed. "
                + "Use the link from the latest mail.");
    }

    private static int insert(Handle h, String id, String email, Preferences p, String userId, boolean similar,
            Subscription.Status status, Instant created, Instant confirmed) {
        return h.createUpdate("INSERT INTO subscriptions (id, email, frequency, categories, query, user_id, "
                        + "include_similar, status, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, id).bind(1, email).bind(2, p.frequency().code()).bind(3, String.join(" ", p.categories()))
                .bind(4, p.query()).bind(5, userId).bind(6, similar ? 1 : 0).bind(7, status.code())
                .bind(8, created.toString()).bind(9, confirmed == null ? null : confirmed.toString())
                .execute();
    }

    private static Subscription read(ResultSet rows) throws SQLException {
        String confirmed = rows.getString("confirmed_at");
        return new Subscription(rows.getString("id"), rows.getString("email"),
                new Preferences(Frequency.parse(rows.getString("frequency")),
                        Preferences.splitCategories(rows.getString("categories")), rows.getString("query")),
                rows.getString("user_id"), rows.getInt("include_similar") != 0,
                Subscription.Status.valueOf(rows.getString("status").toUpperCase(java.util.Locale.ROOT)),
                Instant.parse(rows.getString("created_at")), confirmed == null ? null : Instant.parse(confirmed),
                ForYou.parse(rows.getString("for_you")));
    }
}
