package dev.paperboy.community;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Handle;

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
        // The write comes first (it takes SQLite's write lock, waiting its turn) and inserts only when the paper
        // exists; the one read after it both gives the new count and tells a paper that is not here.
        return database.write(h -> {
            int changed = vote
                    ? h.createUpdate("INSERT INTO votes (user_id, paper_id, created_at) SELECT ?, id, ? FROM papers "
                            + "WHERE id = ? ON CONFLICT (user_id, paper_id) DO NOTHING")
                            .bind(0, user.id()).bind(1, clock.instant().toString()).bind(2, paperId).execute()
                    : h.createUpdate("DELETE FROM votes WHERE user_id = ? AND paper_id = ?")
                            .bind(0, user.id()).bind(1, paperId).execute();
            if (changed == 1) {
                h.createUpdate("UPDATE papers SET local_upvotes = local_upvotes + ? WHERE id = ?")
                        .bind(0, vote ? 1 : -1).bind(1, paperId).execute();
                h.createUpdate(Catalogue.ENQUEUE_UPVOTES).bind(0, paperId).execute();
            }
            return new Result(vote, count(h, paperId));
        });
    }

    private static int count(Handle h, String paperId) {
        return h.createQuery("SELECT imported_upvotes + local_upvotes FROM papers WHERE id = ?")
                .bind(0, paperId).mapTo(Integer.class).findOne()
                .orElseThrow(() -> new NotFoundException("There is no paper " + paperId + " here."));
    }
}
