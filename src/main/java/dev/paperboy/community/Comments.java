package dev.paperboy.community;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import dev.paperboy.store.StoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Discussion under a paper: Markdown comments with one level of replies. Authors edit and delete their own;
 * curators hide abusive ones, which stay visible to curators. The paper's {@code num_comments} counts what
 * readers see and is kept in the same transaction as every change.
 */
public final class Comments {
    public static final int MAX_LENGTH = 10_000;
    /** Threads on one page of a paper's discussion: a long discussion is read page by page, not as one huge page. */
    public static final int THREADS_PER_PAGE = 50;

    /** One page of a discussion: its threads (each with its replies), which page it is (from 1) and how many there are. */
    public record Page(List<Comment> threads, int page, int pages, int totalThreads) {}

    private static final String COLUMNS = "c.id, c.paper_id, c.parent_id, c.user_id, u.name, c.body, c.created_at, "
            + "c.edited_at, c.deleted_at, c.hidden_at";

    private final Database database;
    private final Catalogue catalogue;
    private final Clock clock;

    public Comments(Database database, Catalogue catalogue, Clock clock) {
        this.database = database;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /**
     * The threads under a paper, oldest first. Hidden comments are included only for curators; a deleted comment
     * appears (without text) only while it has replies to keep in context.
     */
    public List<Comment> forPaper(String paperId, User viewer) {
        boolean curator = viewer != null && viewer.can(Role.CURATOR);
        var all = new ArrayList<>(database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.paper_id = ?")
                .bind(0, paperId).map((rs, ctx) -> row(rs)).list()));
        // Sorted here by time, not in SQL by the stored text: Instant strings of different precision do not sort as their times do.
        all.sort(java.util.Comparator.comparing(Comment::createdAt).thenComparing(Comment::id));
        var threads = new LinkedHashMap<String, List<Comment>>();
        var tops = new LinkedHashMap<String, Comment>();
        // Threads first, then replies: a reply written in the same instant as its parent may sort before it.
        for (Comment c : all) {
            if (c.parentId() == null && !(c.hidden() && !curator)) {
                tops.put(c.id(), c);
                threads.put(c.id(), new ArrayList<>());
            }
        }
        for (Comment c : all) {
            if (c.parentId() != null && !(c.hidden() && !curator) && threads.containsKey(c.parentId()) && !c.deleted()) {
                threads.get(c.parentId()).add(c);
            }
        }
        var out = new ArrayList<Comment>();
        for (Comment top : tops.values()) {
            List<Comment> replies = threads.get(top.id());
            if (top.deleted() && replies.isEmpty()) {
                continue;
            }
            out.add(withReplies(top, List.copyOf(replies)));
        }
        return out;
    }

    /** Page {@code page} (from 1; past the end: the last page) of the threads under a paper, oldest first. */
    public Page page(String paperId, User viewer, int page, int perPage) {
        List<Comment> all = forPaper(paperId, viewer);
        int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
        int p = Math.min(Math.max(1, page), pages);
        return new Page(all.subList((p - 1) * perPage, Math.min(all.size(), p * perPage)), p, pages, all.size());
    }

    /** The page of the discussion that shows this comment (a thread or a reply in it); 1 when it is not shown. */
    public int pageOf(String paperId, String commentId, User viewer, int perPage) {
        List<Comment> all = forPaper(paperId, viewer);
        for (int i = 0; i < all.size(); i++) {
            Comment t = all.get(i);
            if (t.id().equals(commentId) || t.replies().stream().anyMatch(r -> r.id().equals(commentId))) {
                return i / perPage + 1;
            }
        }
        return 1;
    }

    /**
     * Adds a comment, or a reply when {@code parentId} names a top-level comment of the same paper.
     *
     * @throws InvalidInputException for empty or over-long text, or a parent that is a reply or not on this paper
     */
    public Comment add(User user, String paperId, String text, String parentId) {
        Accounts.requireVerified(user, "comment");
        String body = checkText(text);
        if (catalogue.find(paperId).isEmpty()) {
            throw new NotFoundException("There is no paper " + paperId + " here.");
        }
        String id = Secrets.random(9);
        Instant now = clock.instant();
        database.write(h -> {
            lockCounts(h, List.of(paperId));
            if (parentId != null) {
                var parent = h.createQuery("SELECT paper_id, parent_id, deleted_at FROM comments WHERE id = ?")
                        .bind(0, parentId).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                        .findOne()
                        .orElseThrow(() -> new InvalidInputException("The comment you reply to does not exist."));
                if (!parent[0].equals(paperId)) {
                    throw new InvalidInputException("The comment you reply to is on another paper.");
                }
                if (parent[2] != null) {
                    throw new InvalidInputException("The comment you reply to was deleted.");
                }
                if (parent[1] != null) {
                    throw new InvalidInputException("Replies go one level deep: reply to the comment that starts the thread.");
                }
            }
            h.createUpdate("INSERT INTO comments (id, paper_id, user_id, parent_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, id).bind(1, paperId).bind(2, user.id()).bind(3, parentId).bind(4, body)
                    .bind(5, now.toString()).execute();
            return recount(h, List.of(paperId));
        });
        return new Comment(id, paperId, parentId, user.id(), user.name(), body, CommentMarkdown.html(body), now, null,
                false, false, List.of());
    }

    /** Replaces the text of the member's own comment. */
    public Comment edit(User user, String commentId, String text) {
        String body = checkText(text);
        Comment c = find(commentId, user);
        if (!c.isBy(user)) {
            throw new PermissionDeniedException("You can edit only your own comments.");
        }
        if (c.deleted()) {
            throw new InvalidInputException("This comment was deleted.");
        }
        Instant now = clock.instant();
        database.write(h -> h.createUpdate("UPDATE comments SET body = ?, edited_at = ? WHERE id = ?")
                .bind(0, body).bind(1, now.toString()).bind(2, commentId).execute());
        return find(commentId, user);
    }

    /** Deletes the member's own comment: its text goes; replies to it stay. Idempotent. */
    public void delete(User user, String commentId) {
        Comment c = find(commentId, user);
        if (!c.isBy(user)) {
            throw new PermissionDeniedException("You can delete only your own comments.");
        }
        database.write(h -> {
            lockCounts(h, List.of(c.paperId()));
            h.createUpdate("UPDATE comments SET body = '', deleted_at = COALESCE(deleted_at, ?) WHERE id = ?")
                    .bind(0, clock.instant().toString()).bind(1, commentId).execute();
            return recount(h, List.of(c.paperId()));
        });
    }

    /** Hides (or shows again) an abusive comment. Curators and admins only. */
    public void hide(User user, String commentId, boolean hidden) {
        if (!user.can(Role.CURATOR)) {
            throw new PermissionDeniedException("Only curators can hide comments.");
        }
        Comment c = find(commentId, user);
        database.write(h -> {
            lockCounts(h, List.of(c.paperId()));
            h.createUpdate("UPDATE comments SET hidden_at = ?, hidden_by = ? WHERE id = ?")
                    .bind(0, hidden ? clock.instant().toString() : null).bind(1, hidden ? user.id() : null)
                    .bind(2, commentId).execute();
            return recount(h, List.of(c.paperId()));
        });
    }

    /** One comment, if the viewer may see it. */
    public Comment find(String commentId, User viewer) {
        Comment c = database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ?")
                .bind(0, commentId).map((rs, ctx) -> row(rs)).findOne())
                .orElseThrow(() -> new NotFoundException("There is no comment " + commentId + "."));
        if (c.hidden() && !(viewer != null && (viewer.can(Role.CURATOR) || c.isBy(viewer)))) {
            throw new NotFoundException("There is no comment " + commentId + ".");
        }
        return c;
    }

    /**
     * Before a change: holds the papers' counts, so that the recount after it sees every comment committed by others
     * in the meantime (on PostgreSQL two transactions would otherwise each count without the other's comment).
     */
    void lockCounts(Handle h, Collection<String> paperIds) {
        try {
            catalogue.lockForCounting(h.getConnection(), paperIds);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Sets the papers' {@code num_comments} to what readers see: neither deleted nor hidden. */
    int recount(Handle h, Collection<String> paperIds) {
        if (paperIds.isEmpty()) {
            return 0;
        }
        var counts = new HashMap<String, Integer>();
        paperIds.forEach(id -> counts.put(id, 0));
        h.createQuery("SELECT paper_id, COUNT(*) FROM comments WHERE paper_id IN (<ids>) "
                        + "AND deleted_at IS NULL AND hidden_at IS NULL GROUP BY paper_id")
                .bindList("ids", List.copyOf(paperIds))
                .map((rs, ctx) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        try {
            catalogue.setCommentCounts(h.getConnection(), counts);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return counts.size();
    }

    private static String checkText(String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw new InvalidInputException("A comment needs some text.");
        }
        if (body.length() > MAX_LENGTH) {
            throw new InvalidInputException("A comment can be at most " + String.format("%,d", MAX_LENGTH)
                    + " characters; this one has " + String.format("%,d", body.length()) + ".");
        }
        return body;
    }

    private static Comment withReplies(Comment c, List<Comment> replies) {
        return new Comment(c.id(), c.paperId(), c.parentId(), c.authorId(), c.authorName(), c.text(), c.html(),
                c.createdAt(), c.editedAt(), c.deleted(), c.hidden(), replies);
    }

    private static Comment row(ResultSet rs) throws SQLException {
        boolean deleted = rs.getString(9) != null;
        String body = deleted ? "" : rs.getString(6);
        return new Comment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(4) == null ? "[deleted account]" : rs.getString(5), body,
                deleted ? "" : CommentMarkdown.html(body), Instant.parse(rs.getString(7)),
                rs.getString(8) == null ? null : Instant.parse(rs.getString(8)), deleted, rs.getString(10) != null,
                List.of());
    }
}
