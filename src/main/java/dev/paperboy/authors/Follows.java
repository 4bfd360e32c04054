package dev.paperboy.authors;

import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.User;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Authors and categories members follow. Owns the table {@code follows}. */
public final class Follows {
    private static final Pattern CATEGORY = Pattern.compile("[a-z-]+(\\.[A-Za-z-]+)?");

    public enum Kind {
        AUTHOR, CATEGORY;

        public String sql() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws InvalidInputException for anything but "author" or "category" */
        public static Kind parse(String kind) {
            return switch (kind == null ? "" : kind) {
                case "author" -> AUTHOR;
                case "category" -> CATEGORY;
                default -> throw new InvalidInputException("Follow an author or a category.");
            };
        }
    }

    public record Follow(Kind kind, String value) {}

    private final Database database;
    private final Clock clock;

    public Follows(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** @throws InvalidInputException for an empty or overlong name, or something that is not an arXiv category */
    public void follow(User user, Kind kind, String value) {
        String v = value == null ? "" : value.strip().replaceAll("\\s+", " ");
        if (v.isEmpty() || v.length() > 200) {
            throw new InvalidInputException("Give a name of at most 200 characters.");
        }
        if (kind == Kind.CATEGORY && !CATEGORY.matcher(v).matches()) {
            throw new InvalidInputException("\"" + v + "\" is not an arXiv category such as cs.LG.");
        }
        if (kind == Kind.AUTHOR && AuthorNames.key(v).isEmpty()) {
            throw new InvalidInputException("\"" + v + "\" has no letters to match an author's name by.");
        }
        database.write(h -> h.createUpdate("INSERT INTO follows (user_id, kind, value, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (user_id, kind, value) DO NOTHING")
                .bind(0, user.id()).bind(1, kind.sql()).bind(2, v).bind(3, clock.instant().toString()).execute());
    }

    public void unfollow(User user, Kind kind, String value) {
        database.write(h -> h.createUpdate("DELETE FROM follows WHERE user_id = ? AND kind = ? AND value = ?")
                .bind(0, user.id()).bind(1, kind.sql()).bind(2, value == null ? "" : value.strip()).execute());
    }

    public List<Follow> of(User user) {
        return user == null ? List.of() : of(user.id());
    }

    public List<Follow> of(String userId) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT kind, value FROM follows WHERE user_id = ? ORDER BY kind, value")
                .bind(0, userId).map((r, ctx) -> new Follow(Kind.parse(r.getString(1)), r.getString(2))).list());
    }

    public boolean follows(User user, Kind kind, String value) {
        return of(user).stream().anyMatch(f -> f.kind() == kind && (kind == Kind.AUTHOR
                ? AuthorNames.same(f.value(), value) : f.value().equals(value)));
    }
}
