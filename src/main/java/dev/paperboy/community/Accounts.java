package dev.paperboy.community;

import dev.paperboy.mail.Mail;
import dev.paperboy.mail.Mailer;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import dev.paperboy.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Members: signing up, confirming the address, signing in, passwords, roles, and leaving with all one's data.
 * Mails with links go through the {@link Mailer}; the links carry {@link MailTokens}.
 */
public final class Accounts {
    /** Deliberately loose: the confirmation mail is the real test of an address. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+");
    private static final Duration VERIFY_TTL = Duration.ofDays(2);
    private static final Duration RESET_TTL = Duration.ofHours(1);
    /** A set-your-password link printed by {@code paperboy user add} may wait a day to be used. */
    private static final Duration SETUP_TTL = Duration.ofDays(1);
    private static final String USER_COLUMNS = "id, email, name, role, verified_at, created_at";
    /** The same columns from a query that calls the users table {@code u}. */
    static final String USER_COLUMNS_OF_U = "u.id, u.email, u.name, u.role, u.verified_at, u.created_at";

    private final Database database;
    private final Catalogue catalogue;
    private final Comments comments;
    private final Passwords passwords;
    private final MailTokens tokens;
    private final Mailer mailer;
    private final MailOutbox outbox;
    private final Clock clock;
    private final java.util.function.Supplier<String> baseUrl;

    public Accounts(Database database, Catalogue catalogue, Comments comments, Passwords passwords, Secrets secrets,
            Mailer mailer, Clock clock, java.util.function.Supplier<String> baseUrl) {
        this.database = database;
        this.catalogue = catalogue;
        this.comments = comments;
        this.passwords = passwords;
        this.tokens = new MailTokens(database, secrets, clock);
        this.mailer = mailer;
        this.outbox = new MailOutbox(mailer);
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /**
     * Members vote, comment and submit once their address is confirmed: it keeps throwaway accounts from stuffing
     * the counts.
     *
     * @throws PermissionDeniedException when the member has not confirmed their address
     */
    public static void requireVerified(User user, String action) {
        if (!user.verified()) {
            throw new PermissionDeniedException("Confirm your email address before you " + action
                    + ": follow the link in the mail we sent (your settings page can send it again).");
        }
    }

    /** Normalises an address for storage and lookup; rejects what cannot be one. */
    public static String normaliseEmail(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw new InvalidInputException("'" + abbreviate(email) + "' is not an email address.");
        }
        return e;
    }

    private static String checkName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new InvalidInputException("Tell us the name to show with your votes and comments.");
        }
        if (n.length() > 80) {
            throw new InvalidInputException("A name can be at most 80 characters.");
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("A name cannot contain control characters.");
        }
        return n;
    }

    /**
     * Creates an unconfirmed member and mails them the confirmation link. When the address has an account already,
     * nothing is created and its owner is mailed a note instead: the visitor sees the same answer either way, after
     * the same work (the password is hashed in both cases; mails leave off the request path), so sign-up cannot be
     * used to find out who has an account.
     *
     * @return the new member, or empty when the address was taken
     * @throws InvalidInputException for a malformed address, a bad name or a weak password
     */
    public Optional<User> signUp(String email, String name, String password) {
        String address = normaliseEmail(email);
        String shown = checkName(name);
        Passwords.checkStrength(password);
        String hash = passwords.hash(password);
        Optional<User> created = database.write(h -> findBy(h, "email", address).isPresent()
                ? Optional.<User>empty()
                : Optional.of(insert(h, address, shown, hash, Role.MEMBER, null)));
        if (created.isPresent()) {
            outbox.send(() -> verificationMail(created.get()));
        } else {
            outbox.send(() -> Mail.plain(address, "You already have a Paperboy account",
                    "Hello,\n\nsomeone (we hope you) tried to sign up with this address, which already has an account. "
                            + "Log in here:\n\n" + baseUrl.get() + "/login\n\nForgot the password? Choose a new one here:\n\n"
                            + baseUrl.get() + "/forgot\n\nIf it was not you, ignore this mail: nothing changed.\n"));
        }
        return created;
    }

    /** Mails a fresh confirmation link; older ones stay valid until they expire. */
    public void sendVerification(User user) {
        mailer.send(verificationMail(user));
    }

    private Mail verificationMail(User user) {
        String token = tokens.issue(MailTokens.Purpose.VERIFY, user.id(), VERIFY_TTL);
        return (Mail.plain(user.email(), "Confirm your Paperboy account",
                "Hello " + user.name() + ",\n\nconfirm your address to start voting, commenting and submitting papers:\n\n"
                        + baseUrl.get() + "/verify?token=" + token + "\n\n"
                        + "The link works once, for two days. If you did not sign up, ignore this mail.\n"));
    }

    /** Confirms the address the token was mailed to. */
    public User verify(String token) {
        String userId = tokens.redeem(MailTokens.Purpose.VERIFY, token);
        database.write(h -> h.createUpdate("UPDATE users SET verified_at = ? WHERE id = ? AND verified_at IS NULL")
                .bind(0, clock.instant().toString()).bind(1, userId).execute());
        return byId(userId).orElseThrow(() -> new InvalidInputException("This account no longer exists."));
    }

    /**
     * The member with this address and password. Unknown address and wrong password look the same, take the same
     * time, and say the same thing.
     */
    public Optional<User> authenticate(String email, String password) {
        String address;
        try {
            address = normaliseEmail(email);
        } catch (InvalidInputException e) {
            passwords.decoyCheck(password);
            return Optional.empty();
        }
        var row = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE email = ?")
                .bind(0, address)
                .map((rs, ctx) -> Map.entry(user(rs), rs.getString("password_hash")))
                .findOne());
        if (row.isEmpty()) {
            passwords.decoyCheck(password);
            return Optional.empty();
        }
        return passwords.matches(password, row.get().getValue()) ? Optional.of(row.get().getKey()) : Optional.empty();
    }

    /**
     * Mails a reset link if the address has an account; says nothing either way, and returns as fast either way: the
     * mail leaves off the request path.
     */
    public void requestReset(String email) {
        String address;
        try {
            address = normaliseEmail(email);
        } catch (InvalidInputException e) {
            return;
        }
        // Even the lookup happens on the sending thread: the request does the same work whatever the address.
        outbox.send(() -> byEmail(address).map(user -> {
            String token = tokens.issue(MailTokens.Purpose.RESET, user.id(), RESET_TTL);
            return Mail.plain(user.email(), "Reset your Paperboy password",
                    "Hello " + user.name() + ",\n\nchoose a new password here:\n\n" + baseUrl.get() + "/reset?token=" + token
                            + "\n\nThe link works once, for one hour. If you did not ask for it, ignore this mail: "
                            + "your password stays as it is.\n");
        }).orElse(null));
    }

    /** A link that sets the password of an account made from the command line, valid for a day. */
    public String setupLink(User user) {
        return baseUrl.get() + "/reset?token=" + tokens.issue(MailTokens.Purpose.RESET, user.id(), SETUP_TTL);
    }

    /**
     * Sets a new password through a reset link, confirms the address (the mail reached it), and ends every
     * session of the account and revokes its API tokens: whoever knew the old password is signed out, and
     * whatever they made with it stops working.
     */
    public User resetPassword(String token, String newPassword) {
        Passwords.checkStrength(newPassword);
        String userId = tokens.redeem(MailTokens.Purpose.RESET, token);
        String hash = passwords.hash(newPassword);
        String now = clock.instant().toString();
        database.write(h -> {
            h.createUpdate("UPDATE users SET password_hash = ?, verified_at = COALESCE(verified_at, ?) WHERE id = ?")
                    .bind(0, hash).bind(1, now).bind(2, userId).execute();
            revokeTokens(h, userId, now);
            return h.createUpdate("DELETE FROM sessions WHERE user_id = ?").bind(0, userId).execute();
        });
        return byId(userId).orElseThrow();
    }

    /** Changes the password, given the current one; other sessions of the account end and its API tokens are revoked. */
    public void changePassword(User user, String current, String newPassword, String keepSessionCookie) {
        if (!passwordMatches(user, current)) {
            throw new InvalidInputException("The current password is not right.");
        }
        Passwords.checkStrength(newPassword);
        String hash = passwords.hash(newPassword);
        String keep = keepSessionCookie == null ? "" : Secrets.sha256(keepSessionCookie);
        database.write(h -> {
            h.createUpdate("UPDATE users SET password_hash = ? WHERE id = ?").bind(0, hash).bind(1, user.id()).execute();
            revokeTokens(h, user.id(), clock.instant().toString());
            return h.createUpdate("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?")
                    .bind(0, user.id()).bind(1, keep).execute();
        });
    }

    private static void revokeTokens(Handle h, String userId, String now) {
        h.createUpdate("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .bind(0, now).bind(1, userId).execute();
    }

    private boolean passwordMatches(User user, String password) {
        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = ?")
                .bind(0, user.id()).mapTo(String.class).one());
        return passwords.matches(password, stored);
    }

    /**
     * Deletes the account, given its password: sessions, tokens, votes (counts go down) and library go; comments
     * lose their text and author but keep their place, so replies still make sense; submitted papers stay.
     */
    public void delete(User user, String password) {
        if (!passwordMatches(user, password)) {
            throw new InvalidInputException("The password is not right; the account was not deleted.");
        }
        String now = clock.instant().toString();
        database.write(h -> {
            List<String> voted = h.createQuery("SELECT paper_id FROM votes WHERE user_id = ?").bind(0, user.id())
                    .mapTo(String.class).list();
            List<String> commented = h.createQuery("SELECT DISTINCT paper_id FROM comments WHERE user_id = ?")
                    .bind(0, user.id()).mapTo(String.class).list();
            List<String> submitted = h.createQuery("SELECT paper_id FROM submissions WHERE user_id = ?")
                    .bind(0, user.id()).mapTo(String.class).list();
            comments.lockCounts(h, commented);
            try {
                catalogue.addLocalUpvotes(h.getConnection(), voted, -1);
                h.createUpdate("UPDATE comments SET body = '', deleted_at = COALESCE(deleted_at, ?) WHERE user_id = ?")
                        .bind(0, now).bind(1, user.id()).execute();
                comments.recount(h, commented);
                catalogue.forgetSubmitter(h.getConnection(), submitted);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            return h.createUpdate("DELETE FROM users WHERE id = ?").bind(0, user.id()).execute();
        });
    }

    /** Everything Paperboy keeps about a member, as one JSON-ready map. */
    public Map<String, Object> export(User user) {
        return database.jdbi().withHandle(h -> {
            var out = new LinkedHashMap<String, Object>();
            out.put("account", Map.of("email", user.email(), "name", user.name(), "role", user.role().code(),
                    "verified", user.verified(), "createdAt", user.createdAt().toString()));
            out.put("upvotes", h.createQuery("SELECT paper_id, created_at FROM votes WHERE user_id = ? ORDER BY created_at")
                    .bind(0, user.id()).map((rs, c) -> Map.of("paper", rs.getString(1), "at", rs.getString(2))).list());
            out.put("library", h.createQuery("SELECT paper_id, saved_at FROM library WHERE user_id = ? ORDER BY saved_at")
                    .bind(0, user.id()).map((rs, c) -> Map.of("paper", rs.getString(1), "at", rs.getString(2))).list());
            out.put("comments", h.createQuery("SELECT id, paper_id, parent_id, body, created_at, edited_at, deleted_at "
                            + "FROM comments WHERE user_id = ? ORDER BY created_at")
                    .bind(0, user.id()).map((rs, c) -> {
                        var m = new LinkedHashMap<String, Object>();
                        m.put("id", rs.getString(1));
                        m.put("paper", rs.getString(2));
                        m.put("parent", rs.getString(3));
                        m.put("text", rs.getString(4));
                        m.put("createdAt", rs.getString(5));
                        m.put("editedAt", rs.getString(6));
                        m.put("deletedAt", rs.getString(7));
                        return m;
                    }).list());
            out.put("submissions", h.createQuery("SELECT paper_id, comment, submitted_at FROM submissions "
                            + "WHERE user_id = ? ORDER BY submitted_at")
                    .bind(0, user.id()).map((rs, c) -> {
                        var m = new LinkedHashMap<String, Object>();
                        m.put("paper", rs.getString(1));
                        m.put("comment", rs.getString(2));
                        m.put("at", rs.getString(3));
                        return m;
                    }).list());
            out.put("apiTokens", h.createQuery("SELECT name, created_at, last_used_at, revoked_at FROM api_tokens "
                            + "WHERE user_id = ? ORDER BY created_at")
                    .bind(0, user.id()).map((rs, c) -> {
                        var m = new LinkedHashMap<String, Object>();
                        m.put("name", rs.getString(1));
                        m.put("createdAt", rs.getString(2));
                        m.put("lastUsedAt", rs.getString(3));
                        m.put("revokedAt", rs.getString(4));
                        return m;
                    }).list());
            return out;
        });
    }

    /**
     * Creates a confirmed account from the command line, with an unusable password until the member follows
     * {@link #setupLink}.
     */
    public User create(String email, String name, Role role) {
        String address = normaliseEmail(email);
        String shown = checkName(name == null || name.isBlank() ? address.substring(0, address.indexOf('@')) : name);
        // A random password nobody knows: the account is usable only through the setup link.
        String hash = passwords.hash(Secrets.random(32));
        return database.write(h -> {
            if (findBy(h, "email", address).isPresent()) {
                throw new InvalidInputException("An account with " + address + " exists already.");
            }
            return insert(h, address, shown, hash, role, clock.instant());
        });
    }

    /** Gives a member another role. Callers check that whoever asks is an admin. */
    public User setRole(String email, Role role) {
        String address = normaliseEmail(email);
        int n = database.write(h -> h.createUpdate("UPDATE users SET role = ? WHERE email = ?")
                .bind(0, role.code()).bind(1, address).execute());
        if (n == 0) {
            throw new NotFoundException("There is no account " + address + ".");
        }
        return byEmail(address).orElseThrow();
    }

    public Optional<User> byId(String id) {
        return database.jdbi().withHandle(h -> findBy(h, "id", id));
    }

    public Optional<User> byEmail(String email) {
        return database.jdbi().withHandle(h -> findBy(h, "email", email.strip().toLowerCase(Locale.ROOT)));
    }

    public List<User> all() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY created_at")
                .map((rs, ctx) -> user(rs)).list());
    }

    private static Optional<User> findBy(Handle h, String column, String value) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE " + column + " = ?")
                .bind(0, value).map((rs, ctx) -> user(rs)).findOne();
    }

    private User insert(Handle h, String email, String name, String hash, Role role, Instant verifiedAt) {
        String id = Secrets.random(12);
        Instant now = clock.instant();
        h.createUpdate("INSERT INTO users (id, email, name, password_hash, role, verified_at, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(0, id).bind(1, email).bind(2, name).bind(3, hash).bind(4, role.code())
                .bind(5, verifiedAt == null ? null : verifiedAt.toString()).bind(6, now.toString()).execute();
        return new User(id, email, name, role, verifiedAt != null, now);
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("name"),
                Role.fromCode(rs.getString("role")), rs.getString("verified_at") != null,
                Instant.parse(rs.getString("created_at")));
    }

    private static String abbreviate(String value) {
        String v = value == null ? "" : value;
        return v.length() > 60 ? v.substring(0, 60) + "…" : v;
    }
}
