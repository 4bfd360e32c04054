package dev.paperboy.community;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upvotes: one per member per paper. The vote row and the paper's count change in the same transaction, so the
 * count is exact however many requests race; the paper is queued for the search index, whose "most upvoted"
 * order reads the count.
 */
public final class Votes {
    private final Database database;
    private final Catalogue catalogue;
    private final Clock clock;

    public Votes(Database database, Catalogue catalogue, Clock clock) {
        this.database = database;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** The member's vote and the paper's new count. */
    public record Result(boolean voted, int upvotes) {}

    /** Adds the member's vote if it is not there yet (idempotent). */
    public Result upvote(User user, String paperId) {
        return change(user, paperId, true);
    }

    /** Removes the member's vote if it is there (idempotent). */
    public Result remove(User user, String paperId) {
        return change(user, paperId, false);
    }

    /** Adds the vote if absent, else removes it: the button's behaviour. */
    public Result toggle(User user, String paperId) {
        return change(user, paperId, !hasVoted(user, paperId));
    }

    public boolean hasVoted(User user, String paperId) {
        return !votedAmong(user, Set.of(paperId)).isEmpty();
    }

    /** Which of these papers the member has upvoted: one query for a whole page of cards. */
    public Set<String> votedAmong(User user, Collection<String> paperIds) {
        if (user == null || paperIds.isEmpty()) {
            return Set.of();
        }
        return database.jdbi().withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT paper_id FROM votes WHERE user_id = :user AND paper_id IN (<ids>)")
                .bind("user", user.id()).bindList("ids", paperIds.stream().toList())
                .mapTo(String.class).list()));
    }

    /**
     * Votes cast here per UTC day since {@code from} (all of them when null), for each of these papers, oldest day
     * first: one query for a whole page of cards. Papers without such votes are absent.
     */
    public Map<String, SortedMap<LocalDate, Integer>> perDay(Collection<String> paperIds, LocalDate from) {
        if (paperIds.isEmpty()) {
            return Map.of();
        }
        return database.jdbi().withHandle(h -> {
            var q = h.createQuery("SELECT paper_id, SUBSTR(created_at, 1, 10) AS day, COUNT(*) AS n FROM votes"
                    + " WHERE paper_id IN (<ids>) AND created_at >= :from GROUP BY paper_id, SUBSTR(created_at, 1, 10)")
                    .bindList("ids", paperIds.stream().toList())
                    .bind("from", from == null ? "" : from.toString());
            var result = new HashMap<String, SortedMap<LocalDate, Integer>>();
            q.map((rows, ctx) -> {
                result.computeIfAbsent(rows.getString(1), id -> new TreeMap<>())
                        .put(LocalDate.parse(rows.getString(2)), rows.getInt(3));
                return null;
            }).list();
            return result;
        });
    }

    /** Votes cast here on each of the last {@code days} UTC days (today last), per paper; zeros for no votes. */
    public Map<String, int[]> recentDays(Collection<String> paperIds, int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        LocalDate from = today.minusDays(days - 1L);
        var result = new HashMap<String, int[]>();
        paperIds.forEach(id -> result.put(id, new int[days]));
        perDay(paperIds, from).forEach((id, perDay) -> perDay.forEach((day, n) -> {
            int i = (int) java.time.temporal.ChronoUnit.DAYS.between(from, day);
            if (i >= 0 && i < days) {
                result.get(id)[i] = n;
            }
        }));
        return result;
    }

    private Result change(User user, String paperId, boolean vote) {
        Accounts.requireVerified(user, "vote");
        // The hot write path, so plain JDBC (Jdbi's per-statement work was a third of its time). The write comes
        // first (it takes SQLite's write lock, or PostgreSQL's lock on the vote's key, waiting its turn) and inserts
        // only when the paper exists; the count read after it both gives the new number and tells a paper that is
        // not here.
        return database.writeSql(connection -> {
            int changed;
            try (var change = connection.prepareStatement(vote
                    ? "INSERT INTO votes (user_id, paper_id, created_at) SELECT ?, id, ? FROM papers WHERE id = ? "
                            + "ON CONFLICT (user_id, paper_id) DO NOTHING"
                    : "DELETE FROM votes WHERE user_id = ? AND paper_id = ?")) {
                change.setString(1, user.id());
                if (vote) {
                    change.setString(2, clock.instant().toString());
                    change.setString(3, paperId);
                } else {
                    change.setString(2, paperId);
                }
                changed = change.executeUpdate();
            }
            if (changed == 1) {
                catalogue.addLocalUpvotes(connection, List.of(paperId), vote ? 1 : -1);
            }
            int upvotes = catalogue.upvotes(connection, paperId)
                    .orElseThrow(() -> new NotFoundException("There is no paper " + paperId + " here."));
            return new Result(vote, upvotes);
        });
    }
}
