package dev.paperboy.community;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.util.Collection;
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
