package dev.paperboy.community;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A member's saved papers. */
public final class Library {
    private final Database database;
    private final Catalogue catalogue;
    private final Clock clock;

    public Library(Database database, Catalogue catalogue, Clock clock) {
        this.database = database;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** Saves the paper (idempotent); returns whether it is saved now, always true. */
    public boolean save(User user, String paperId) {
        if (catalogue.find(paperId).isEmpty()) {
            throw new NotFoundException("There is no paper " + paperId + " here.");
        }
        database.write(h -> h.createUpdate("INSERT INTO library (user_id, paper_id, saved_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (user_id, paper_id) DO NOTHING")
                .bind(0, user.id()).bind(1, paperId).bind(2, clock.instant().toString()).execute());
        return true;
    }

    /** Takes the paper out (idempotent); returns whether it is saved now, always false. */
    public boolean remove(User user, String paperId) {
        database.write(h -> h.createUpdate("DELETE FROM library WHERE user_id = ? AND paper_id = ?")
                .bind(0, user.id()).bind(1, paperId).execute());
        return false;
    }

    public boolean toggle(User user, String paperId) {
        return savedAmong(user, Set.of(paperId)).isEmpty() ? save(user, paperId) : remove(user, paperId);
    }

    public Set<String> savedAmong(User user, Collection<String> paperIds) {
        if (user == null || paperIds.isEmpty()) {
            return Set.of();
        }
        return database.jdbi().withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT paper_id FROM library WHERE user_id = :user AND paper_id IN (<ids>)")
                .bind("user", user.id()).bindList("ids", paperIds.stream().toList())
                .mapTo(String.class).list()));
    }

    /** The saved papers, most recently saved first. */
    public List<Listing> papers(User user) {
        List<String> ids = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT paper_id FROM library WHERE user_id = ? ORDER BY saved_at DESC, paper_id")
                .bind(0, user.id()).mapTo(String.class).list());
        return catalogue.byIds(ids);
    }
}
