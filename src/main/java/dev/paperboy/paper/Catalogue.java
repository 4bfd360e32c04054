package dev.paperboy.paper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every read and write of papers, their feed placement, their search and upvote queues and their embeddings. All SQL
 * about these tables lives here; votes and comments change a paper's counts through the methods for them.
 */
public final class Catalogue {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private static final String COLUMNS = "p.id, p.title, p.abstract, p.authors, p.categories, p.published, p.updated,"
            + " p.version_count, p.comments, p.journal_ref, p.doi, p.report_no, p.license, p.code_links,"
            + " p.github_repo, p.project_page, p.ai_keywords, p.imported_upvotes + p.local_upvotes AS upvotes,"
            + " p.num_comments, f.day, f.entered_at, f.source, f.submitter,"
            // Keywords and summaries (V9__keywords.sql), each a primary-key lookup: Hugging Face's and Paperboy's.
            + " (SELECT n.keywords FROM paper_notes n WHERE n.paper_id = p.id AND n.source = 'huggingface') AS hf_keywords,"
            + " (SELECT n.summary FROM paper_notes n WHERE n.paper_id = p.id AND n.source = 'huggingface') AS hf_summary,"
            + " (SELECT n.keywords FROM paper_notes n WHERE n.paper_id = p.id AND n.source = 'paperboy') AS our_keywords,"
            + " (SELECT n.summary FROM paper_notes n WHERE n.paper_id = p.id AND n.source = 'paperboy') AS our_summary";

    // Metadata from a later or equal version replaces the stored one; fields the source lacks keep what we had.
    private static final String UPSERT = """
            INSERT INTO papers (id, title, abstract, authors, categories, primary_category, published, updated,
                version_count, comments, journal_ref, doi, report_no, license, code_links, github_repo, project_page,
                ai_keywords, content_hash, imported_upvotes, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, abstract = excluded.abstract, authors = excluded.authors,
                categories = CASE WHEN excluded.categories = '' THEN papers.categories ELSE excluded.categories END,
                primary_category = COALESCE(excluded.primary_category, papers.primary_category),
                published = COALESCE(excluded.published, papers.published),
                updated = COALESCE(excluded.updated, papers.updated),
                version_count = excluded.version_count,
                comments = COALESCE(excluded.comments, papers.comments),
                journal_ref = COALESCE(excluded.journal_ref, papers.journal_ref),
                doi = COALESCE(excluded.doi, papers.doi),
                report_no = COALESCE(excluded.report_no, papers.report_no),
                license = COALESCE(excluded.license, papers.license),
                code_links = CASE WHEN excluded.code_links = '[]' THEN papers.code_links ELSE excluded.code_links END,
                github_repo = COALESCE(excluded.github_repo, papers.github_repo),
                project_page = COALESCE(excluded.project_page, papers.project_page),
                ai_keywords = COALESCE(excluded.ai_keywords, papers.ai_keywords),
                content_hash = excluded.content_hash,
                imported_upvotes = CASE WHEN excluded.imported_upvotes > papers.imported_upvotes
                                        THEN excluded.imported_upvotes ELSE papers.imported_upvotes END,
                imported_at = excluded.imported_at
            """;

    private static final String RAISE_UPVOTES =
            "UPDATE papers SET imported_upvotes = ? WHERE id = ? AND imported_upvotes < ?";

    // An older record still adds what only its source knows (Hugging Face's repo, page and keywords), whatever order
    // the sources are imported in; it never replaces a value already stored.
    private static final String FILL_IN = """
            UPDATE papers SET github_repo = COALESCE(github_repo, ?), project_page = COALESCE(project_page, ?),
                ai_keywords = COALESCE(ai_keywords, ?)
            WHERE id = ?""";

    // A curated placement (Hugging Face, a submission) replaces an automatic arXiv one; nothing else moves a paper.
    private static final String PLACE = """
            INSERT INTO feed_entries (paper_id, day, entered_at, source, submitter) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (paper_id) DO UPDATE SET
                day = excluded.day, entered_at = excluded.entered_at, source = excluded.source,
                submitter = excluded.submitter
            WHERE feed_entries.source = 'arxiv' AND excluded.source <> 'arxiv'
            """;

    /** Marks a paper's search document stale; see {@code V3__search.sql}. */
    public static final String ENQUEUE_FOR_SEARCH = """
            INSERT INTO search_queue (paper_id, seq) VALUES (?, 1)
            ON CONFLICT (paper_id) DO UPDATE SET seq = search_queue.seq + 1""";

    /** Marks a paper's upvote count stale in the index; see {@code V4__community.sql}. */
    public static final String ENQUEUE_UPVOTES = """
            INSERT INTO upvote_queue (paper_id, seq) VALUES (?, 1)
            ON CONFLICT (paper_id) DO UPDATE SET seq = upvote_queue.seq + 1""";

    private final Database database;
    private final Clock clock;

    public Catalogue(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Inserts or updates a batch in one transaction. Never lowers upvotes, never moves a curated feed placement. */
    public UpsertCounts upsert(List<IncomingPaper> batch) {
        return database.inTransaction(connection -> upsert(connection, batch));
    }

    /**
     * Same as {@link #upsert(List)} on a caller's connection and transaction, so that an importer can commit its
     * checkpoint atomically with the batch.
     */
    public UpsertCounts upsert(Connection connection, List<IncomingPaper> batch) throws SQLException {
        if (batch.isEmpty()) {
            return UpsertCounts.NONE;
        }
        Map<String, Stored> stored = storedState(connection, batch);
        String now = clock.instant().toString();
        int inserted = 0;
        int updated = 0;
        int unchanged = 0;
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
                PreparedStatement raise = connection.prepareStatement(RAISE_UPVOTES);
                PreparedStatement fillIn = connection.prepareStatement(FILL_IN);
                PreparedStatement place = connection.prepareStatement(PLACE);
                PreparedStatement enqueue = connection.prepareStatement(ENQUEUE_FOR_SEARCH)) {
            var seen = new HashMap<String, Stored>();
            for (IncomingPaper incoming : batch) {
                Paper paper = incoming.paper();
                int hash = paper.contentHash();
                Stored before = seen.getOrDefault(paper.id(), stored.get(paper.id()));
                boolean write;
                if (before == null) {
                    inserted++;
                    write = true;
                } else if (before.hash() != hash && paper.isNotOlderThan(before.versionCount(), before.updated())) {
                    updated++;
                    write = true;
                } else {
                    unchanged++;
                    write = false;
                    if (before.hash() != hash && (paper.githubRepo() != null || paper.projectPage() != null
                            || !paper.aiKeywords().isEmpty())) {
                        fillIn.setString(1, paper.githubRepo());
                        fillIn.setString(2, paper.projectPage());
                        fillIn.setString(3, paper.aiKeywords().isEmpty() ? null : json(paper.aiKeywords()));
                        fillIn.setString(4, paper.id());
                        fillIn.addBatch();
                    }
                }
                if (write || incoming.upvotes() > 0 || before.hash() != hash) {
                    enqueue.setString(1, paper.id());
                    enqueue.addBatch();
                }
                if (write) {
                    bindUpsert(upsert, paper, hash, Math.max(0, incoming.upvotes()), now);
                    upsert.addBatch();
                    seen.put(paper.id(), new Stored(hash, paper.versionCount(), paper.updated()));
                } else if (incoming.upvotes() > 0) {
                    raise.setInt(1, incoming.upvotes());
                    raise.setString(2, paper.id());
                    raise.setInt(3, incoming.upvotes());
                    raise.addBatch();
                }
                if (incoming.placement() != null) {
                    FeedPlacement placement = incoming.placement();
                    place.setString(1, paper.id());
                    place.setString(2, placement.day().toString());
                    place.setString(3, placement.enteredAt().toString());
                    place.setString(4, placement.source().code());
                    place.setString(5, placement.submitter());
                    place.addBatch();
                }
            }
            upsert.executeBatch();
            raise.executeBatch();
            fillIn.executeBatch();
            place.executeBatch();
            enqueue.executeBatch();
        }
        return new UpsertCounts(inserted, updated, unchanged);
    }

    /**
     * Adds {@code delta} to each paper's local upvotes and marks the counts stale in the search index, on the
     * caller's transaction (the one that changed the votes). One batch for all the papers.
     */
    public void addLocalUpvotes(Connection connection, Collection<String> paperIds, int delta) throws SQLException {
        if (paperIds.isEmpty()) {
            return;
        }
        try (var count = connection.prepareStatement("UPDATE papers SET local_upvotes = local_upvotes + ? WHERE id = ?");
                var enqueue = connection.prepareStatement(ENQUEUE_UPVOTES)) {
            for (String id : paperIds) {
                count.setInt(1, delta);
                count.setString(2, id);
                count.addBatch();
                enqueue.setString(1, id);
                enqueue.addBatch();
            }
            count.executeBatch();
            enqueue.executeBatch();
        }
    }

    /** The paper's upvotes now (imported and local), on the caller's transaction; empty when there is no such paper. */
    public OptionalInt upvotes(Connection connection, String paperId) throws SQLException {
        try (var count = connection.prepareStatement("SELECT imported_upvotes + local_upvotes FROM papers WHERE id = ?")) {
            count.setString(1, paperId);
            try (var rows = count.executeQuery()) {
                return rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /**
     * Holds these papers' rows until the caller's transaction ends, so that what it counts after this sees every
     * change committed before. PostgreSQL locks the rows (in id order, so two callers cannot deadlock); SQLite has
     * one writer at a time already.
     */
    public void lockForCounting(Connection connection, Collection<String> paperIds) throws SQLException {
        if (paperIds.isEmpty() || database.dialect().serialisesWriters()) {
            return;
        }
        var ids = new java.util.TreeSet<>(paperIds);
        String placeholders = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (var lock = connection.prepareStatement("SELECT id FROM papers WHERE id IN (" + placeholders
                + ") ORDER BY id FOR NO KEY UPDATE")) {
            int i = 1;
            for (String id : ids) {
                lock.setString(i++, id);
            }
            lock.executeQuery().close();
        }
    }

    /** Sets the papers' counts of visible comments (which the comments' owner counted), on the caller's transaction. */
    public void setCommentCounts(Connection connection, Map<String, Integer> counts) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE papers SET num_comments = ? WHERE id = ?")) {
            for (var entry : counts.entrySet()) {
                update.setInt(1, entry.getValue());
                update.setString(2, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Takes the submitter's name off these papers' feed placements (the member deleted the account). */
    public void forgetSubmitter(Connection connection, Collection<String> paperIds) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE feed_entries SET submitter = NULL WHERE paper_id = ?")) {
            for (String id : paperIds) {
                update.setString(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** True when the paper has a place in the feed, on the caller's transaction. */
    public boolean isPlaced(Connection connection, String paperId) throws SQLException {
        try (var query = connection.prepareStatement("SELECT 1 FROM feed_entries WHERE paper_id = ?")) {
            query.setString(1, paperId);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Records that the arXiv repository deleted these papers, on the caller's transaction. A deleted paper stays in
     * the catalogue (its votes, comments and links stay valid) but leaves the automatic arXiv feed; a curated
     * placement stays.
     */
    public void markDeleted(Connection connection, List<String> ids, LocalDate datestamp) throws SQLException {
        try (var mark = connection.prepareStatement("""
                        INSERT INTO paper_deletions (paper_id, datestamp, recorded_at) VALUES (?, ?, ?)
                        ON CONFLICT (paper_id) DO UPDATE SET datestamp = excluded.datestamp""");
                var unplace = connection.prepareStatement(
                        "DELETE FROM feed_entries WHERE paper_id = ? AND source = 'arxiv'")) {
            for (String id : ids) {
                mark.setString(1, id);
                mark.setString(2, datestamp == null ? null : datestamp.toString());
                mark.setString(3, clock.instant().toString());
                mark.addBatch();
                unplace.setString(1, id);
                unplace.addBatch();
            }
            mark.executeBatch();
            unplace.executeBatch();
        }
    }

    /** Lifts the deletion mark from papers the repository serves again, on the caller's transaction. */
    public void clearDeleted(Connection connection, List<String> ids) throws SQLException {
        try (var clear = connection.prepareStatement("DELETE FROM paper_deletions WHERE paper_id = ?")) {
            for (String id : ids) {
                clear.setString(1, id);
                clear.addBatch();
            }
            clear.executeBatch();
        }
    }

    /** True when the arXiv repository reported this paper as deleted. */
    public boolean isDeleted(String id) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT 1 FROM paper_deletions WHERE paper_id = ?")
                .bind(0, id).mapTo(Integer.class).findOne().isPresent());
    }

    private record Stored(int hash, int versionCount, LocalDate updated) {}

    private static Map<String, Stored> storedState(Connection connection, List<IncomingPaper> batch)
            throws SQLException {
        var ids = batch.stream().map(p -> p.paper().id()).distinct().toList();
        var result = new HashMap<String, Stored>(ids.size() * 2);
        String placeholders = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (var query = connection.prepareStatement(
                "SELECT id, content_hash, version_count, updated FROM papers WHERE id IN (" + placeholders + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                query.setString(i + 1, ids.get(i));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), new Stored(rows.getInt(2), rows.getInt(3), date(rows.getString(4))));
                }
            }
        }
        return result;
    }

    private static void bindUpsert(PreparedStatement s, Paper p, int hash, int upvotes, String now)
            throws SQLException {
        s.setString(1, p.id());
        s.setString(2, p.title());
        s.setString(3, p.abstractText());
        s.setString(4, json(p.authors()));
        s.setString(5, String.join(" ", p.categories()));
        s.setString(6, p.primaryCategory());
        s.setString(7, p.published() == null ? null : p.published().toString());
        s.setString(8, p.updated() == null ? null : p.updated().toString());
        s.setInt(9, p.versionCount());
        s.setString(10, p.comments());
        s.setString(11, p.journalRef());
        s.setString(12, p.doi());
        s.setString(13, p.reportNo());
        s.setString(14, p.license());
        s.setString(15, json(p.codeLinks()));
        s.setString(16, p.githubRepo());
        s.setString(17, p.projectPage());
        s.setString(18, p.aiKeywords().isEmpty() ? null : json(p.aiKeywords()));
        s.setInt(19, hash);
        s.setInt(20, upvotes);
        s.setString(21, now);
    }

    /** The paper with this canonical id, with its community numbers and feed placement. */
    public Optional<Listing> find(String id) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM papers p LEFT JOIN feed_entries f ON f.paper_id = p.id WHERE p.id = ?")
                .bind(0, id)
                .map((rows, ctx) -> listing(rows))
                .findOne());
    }

    /**
     * The author lists of the papers with these ids, in one query per 500 ids: what an author page checks a few
     * thousand candidates by, without reading their abstracts. Ids not in the catalogue are left out.
     */
    public Map<String, List<String>> authorsByIds(List<String> ids) {
        var found = new HashMap<String, List<String>>();
        forEachInChunks(ids, "SELECT id, authors FROM papers WHERE id IN (%s)",
                (r, ctx) -> Map.entry(r.getString(1), strings(r.getString(2))), e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    /**
     * The papers with these ids, in the order given, in one query per 500 ids (a page of search hits is one);
     * ids not in the catalogue are left out.
     */
    public List<Listing> byIds(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var found = new HashMap<String, Listing>();
        forEachInChunks(ids, "SELECT " + COLUMNS + " FROM papers p LEFT JOIN feed_entries f ON f.paper_id = p.id WHERE p.id IN (%s)",
                (rows, ctx) -> listing(rows), l -> found.put(l.paper().id(), l));
        var ordered = new ArrayList<Listing>(ids.size());
        for (String id : ids) {
            Listing listing = found.get(id);
            if (listing != null) {
                ordered.add(listing);
            }
        }
        return ordered;
    }

    // One query per 500 ids: SQLite allows 32,766 parameters, PostgreSQL 65,535, and a shorter IN list plans faster.
    private <T> void forEachInChunks(List<String> ids, String sqlWithIn, org.jdbi.v3.core.mapper.RowMapper<T> mapper,
            java.util.function.Consumer<T> each) {
        for (int start = 0; start < ids.size(); start += 500) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 500));
            String placeholders = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            database.jdbi().useHandle(h -> {
                var q = h.createQuery(sqlWithIn.formatted(placeholders));
                for (int i = 0; i < chunk.size(); i++) {
                    q.bind(i, chunk.get(i));
                }
                q.map(mapper).forEach(each);
            });
        }
    }

    /** Every paper's id, in id order. */
    public List<String> ids() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM papers ORDER BY id").mapTo(String.class).list());
    }

    public long count() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM papers").mapTo(Long.class).one());
    }

    /** How a selection of feed entries is ordered. */
    public enum Order {
        /** Most upvoted first, then earliest in the feed: Hugging Face's order within a day. */
        UPVOTES("upvotes DESC, f.entered_at ASC, p.id ASC"),
        /** Latest in the feed first. */
        NEWEST("f.day DESC, f.entered_at DESC, p.id DESC");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    /**
     * A selection of the feed: entries whose day lies in {@code [from, until)}, optionally narrowed.
     *
     * @param from first day, or null for no lower bound
     * @param until day after the last, or null for no upper bound
     * @param category an arXiv category the paper must list, or null
     * @param submitter who must have submitted it, or null
     */
    public record FeedQuery(LocalDate from, LocalDate until, String category, boolean hasCode, String submitter) {
        public static FeedQuery all() {
            return new FeedQuery(null, null, null, false, null);
        }
    }

    public List<Listing> feed(FeedQuery query, Order order, int offset, int limit) {
        var sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM feed_entries f JOIN papers p ON p.id = f.paper_id");
        List<Object> args = where(query, sql);
        sql.append(" ORDER BY ").append(order.sql).append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return select(sql, args, q -> q.map((rows, ctx) -> listing(rows)).list());
    }

    /** What a ranking by votes, comments and age needs of a feed entry: a small part of its listing. */
    public record FeedScore(String id, int upvotes, int numComments, Instant enteredAt) {}

    /**
     * The most upvoted {@code limit} entries of a selection, as {@link FeedScore}s: a week of a large catalogue is
     * thousands of entries, and reading them whole (abstracts, keywords) to rank them costs most of a trending page.
     */
    public List<FeedScore> feedScores(FeedQuery query, int limit) {
        var sql = new StringBuilder("SELECT p.id, p.imported_upvotes + p.local_upvotes AS upvotes, p.num_comments, f.entered_at"
                + " FROM feed_entries f JOIN papers p ON p.id = f.paper_id");
        List<Object> args = where(query, sql);
        sql.append(" ORDER BY ").append(Order.UPVOTES.sql).append(" LIMIT ?");
        args.add(limit);
        return select(sql, args, q -> q.map((rows, ctx) -> new FeedScore(rows.getString(1), rows.getInt(2),
                rows.getInt(3), Instant.parse(rows.getString(4)))).list());
    }

    public int feedCount(FeedQuery query) {
        var sql = new StringBuilder("SELECT COUNT(*) FROM feed_entries f JOIN papers p ON p.id = f.paper_id");
        List<Object> args = where(query, sql);
        return select(sql, args, q -> q.mapTo(Integer.class).one());
    }

    /** Runs {@code sql} with its positional {@code args} bound, reading the rows with {@code read}. */
    private <T> T select(CharSequence sql, List<Object> args, java.util.function.Function<org.jdbi.v3.core.statement.Query, T> read) {
        return database.jdbi().withHandle(h -> {
            var q = h.createQuery(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            return read.apply(q);
        });
    }

    private static List<Object> where(FeedQuery query, StringBuilder sql) {
        var clauses = new ArrayList<String>();
        var args = new ArrayList<Object>();
        if (query.from() != null) {
            clauses.add("f.day >= ?");
            args.add(query.from().toString());
        }
        if (query.until() != null) {
            clauses.add("f.day < ?");
            args.add(query.until().toString());
        }
        if (query.category() != null) {
            // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
            clauses.add("LOWER(' ' || p.categories || ' ') LIKE LOWER(?)");
            args.add("% " + query.category() + " %");
        }
        if (query.hasCode()) {
            clauses.add("(p.github_repo IS NOT NULL OR p.code_links <> '[]')");
        }
        if (query.submitter() != null) {
            clauses.add("f.submitter = ?");
            args.add(query.submitter());
        }
        if (!clauses.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", clauses));
        }
        return args;
    }

    /** The latest feed day on or before {@code day}, if any. */
    public Optional<LocalDate> feedDayOnOrBefore(LocalDate day) {
        return oneDay("SELECT MAX(day) FROM feed_entries WHERE day <= ?", day);
    }

    /** The earliest feed day strictly after {@code day}, if any. */
    public Optional<LocalDate> feedDayAfter(LocalDate day) {
        return oneDay("SELECT MIN(day) FROM feed_entries WHERE day > ?", day);
    }

    /** The latest feed day strictly before {@code day}, if any. */
    public Optional<LocalDate> feedDayBefore(LocalDate day) {
        return oneDay("SELECT MAX(day) FROM feed_entries WHERE day < ?", day);
    }

    private Optional<LocalDate> oneDay(String sql, LocalDate day) {
        return database.jdbi().withHandle(h -> h.createQuery(sql)
                .bind(0, day.toString())
                .map((rows, ctx) -> date(rows.getString(1)))
                .findOne()
                .filter(d -> d != null));
    }

    /** One feed day: how many papers it has and their upvotes in total. */
    public record DayTotals(LocalDate day, int papers, long upvotes) {}

    /** Per feed day in {@code [from, until)} that has papers matching {@code query}'s filters: counts, in day order. */
    public List<DayTotals> feedDays(FeedQuery query) {
        var sql = new StringBuilder("SELECT f.day, COUNT(*), SUM(p.imported_upvotes + p.local_upvotes)"
                + " FROM feed_entries f JOIN papers p ON p.id = f.paper_id");
        List<Object> args = where(query, sql);
        sql.append(" GROUP BY f.day ORDER BY f.day");
        return select(sql, args, q -> q.map((rows, ctx) -> new DayTotals(date(rows.getString(1)), rows.getInt(2),
                rows.getLong(3))).list());
    }

    /** Categories that appear in the feed between the two days, most common first. */
    public List<String> feedCategories(LocalDate from, LocalDate until, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT p.primary_category, COUNT(*) AS n FROM feed_entries f JOIN papers p ON p.id = f.paper_id
                        WHERE f.day >= ? AND f.day < ? AND p.primary_category IS NOT NULL
                        GROUP BY p.primary_category ORDER BY n DESC, p.primary_category LIMIT ?""")
                .bind(0, from.toString())
                .bind(1, until.toString())
                .bind(2, limit)
                .map((rows, ctx) -> rows.getString(1))
                .list());
    }

    /** A paper whose search document is stale, and the version of that mark (see {@code V3__search.sql}). */
    public record Queued(String id, long seq) {}

    /** A paper as the search index needs it: its listing (null if it no longer exists) and its embedding, if any. */
    public record Indexable(String id, Listing listing, byte[] vector) {}

    public List<Queued> searchQueue(int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT paper_id, seq FROM search_queue LIMIT ?")
                .bind(0, limit)
                .map((rows, ctx) -> new Queued(rows.getString(1), rows.getLong(2)))
                .list());
    }

    /** A paper whose upvote count changed, with the count now. */
    public record QueuedUpvotes(String id, long seq, int upvotes) {}

    public List<QueuedUpvotes> upvoteQueue(int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT q.paper_id, q.seq, p.imported_upvotes + p.local_upvotes "
                        + "FROM upvote_queue q JOIN papers p ON p.id = q.paper_id LIMIT ?")
                .bind(0, limit)
                .map((rows, ctx) -> new QueuedUpvotes(rows.getString(1), rows.getLong(2), rows.getInt(3)))
                .list());
    }

    public void dequeueUpvotes(List<QueuedUpvotes> done) {
        forgetMarks("upvote_queue", done.stream().map(q -> new Queued(q.id(), q.seq())).toList());
    }

    public long searchQueueSize() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM search_queue").mapTo(Long.class).one());
    }

    public List<Indexable> forSearch(List<Queued> queued) {
        return forSearch(queued, null);
    }

    /**
     * As {@link #forSearch(List)}, with only embeddings of {@code model} (null: whichever a paper has): for reading a
     * database whose embeddings of an earlier model no server has forgotten yet, without changing it.
     */
    public List<Indexable> forSearch(List<Queued> queued, String model) {
        if (queued.isEmpty()) {
            return List.of();
        }
        String placeholders = String.join(",", java.util.Collections.nCopies(queued.size(), "?"));
        var found = new HashMap<String, Indexable>();
        database.jdbi().useHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + ", e.vector AS vector FROM papers p"
                    + " LEFT JOIN feed_entries f ON f.paper_id = p.id LEFT JOIN embeddings e ON e.paper_id = p.id"
                    + (model == null ? "" : " AND e.model = ?")
                    + " WHERE p.id IN (" + placeholders + ")");
            int first = 0;
            if (model != null) {
                q.bind(first++, model);
            }
            for (int i = 0; i < queued.size(); i++) {
                q.bind(first + i, queued.get(i).id());
            }
            q.map((rows, ctx) -> new Indexable(rows.getString("id"), listing(rows), rows.getBytes("vector")))
                    .forEach(x -> found.put(x.id(), x));
        });
        return queued.stream().map(q -> found.getOrDefault(q.id(), new Indexable(q.id(), null, null))).toList();
    }

    /** Forgets queue marks that are still the ones read; a mark bumped since then stays for the next round. */
    public void dequeue(List<Queued> done) {
        forgetMarks("search_queue", done);
    }

    // Both queues share one protocol: a mark goes only if its seq is still the one read.
    private void forgetMarks(String queue, List<Queued> done) {
        database.writeSql(connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM " + queue + " WHERE paper_id = ? AND seq = ?")) {
                for (Queued q : done) {
                    delete.setString(1, q.id());
                    delete.setLong(2, q.seq());
                    delete.addBatch();
                }
                return delete.executeBatch();
            }
        });
    }

    /** Marks every paper for re-indexing. */
    public int enqueueAllForSearch() {
        return database.inTransaction(connection -> {
            try (var insert = connection.createStatement()) {
                return insert.executeUpdate("INSERT INTO search_queue (paper_id, seq) SELECT id, 1 FROM papers"
                        + " WHERE true ON CONFLICT (paper_id) DO UPDATE SET seq = search_queue.seq + 1");
            }
        });
    }

    /** Papers that have no embedding from {@code model} yet, newest first: readers search recent work most. */
    public List<Paper> withoutEmbedding(String model, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM papers p"
                        + " LEFT JOIN feed_entries f ON f.paper_id = p.id"
                        + " LEFT JOIN embeddings e ON e.paper_id = p.id AND e.model = ?"
                        + " WHERE e.paper_id IS NULL ORDER BY p.published DESC NULLS LAST, p.id LIMIT ?")
                .bind(0, model)
                .bind(1, limit)
                .map((rows, ctx) -> listing(rows).paper())
                .list());
    }

    /**
     * Forgets every embedding made by another model (after the model changed): vectors of two models cannot be
     * compared, so those papers leave semantic search, and are re-indexed without one, until the backfill has
     * embedded them anew. Returns how many were forgotten.
     */
    public int forgetEmbeddingsOtherThan(String model) {
        return database.writeSql(connection -> {
            try (var enqueue = connection.prepareStatement("""
                    INSERT INTO search_queue (paper_id, seq) SELECT paper_id, 1 FROM embeddings WHERE model <> ?
                    ON CONFLICT (paper_id) DO UPDATE SET seq = search_queue.seq + 1""");
                    var forget = connection.prepareStatement("DELETE FROM embeddings WHERE model <> ?")) {
                enqueue.setString(1, model);
                enqueue.executeUpdate();
                forget.setString(1, model);
                return forget.executeUpdate();
            }
        });
    }

    /** Stores embeddings and marks their papers for re-indexing, in one transaction. */
    public void saveEmbeddings(String model, Map<String, byte[]> vectors) {
        String now = clock.instant().toString();
        database.writeSql(connection -> {
            try (var save = connection.prepareStatement("""
                    INSERT INTO embeddings (paper_id, model, vector, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, vector = excluded.vector,
                        created_at = excluded.created_at""");
                    var enqueue = connection.prepareStatement(ENQUEUE_FOR_SEARCH)) {
                for (var entry : vectors.entrySet()) {
                    save.setString(1, entry.getKey());
                    save.setString(2, model);
                    save.setBytes(3, entry.getValue());
                    save.setString(4, now);
                    save.addBatch();
                    enqueue.setString(1, entry.getKey());
                    enqueue.addBatch();
                }
                save.executeBatch();
                return enqueue.executeBatch();
            }
        });
    }

    public long embeddedCount(String model) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM embeddings WHERE model = ?")
                .bind(0, model).mapTo(Long.class).one());
    }

    /** Every stored embedding of {@code model} (paper id and vector bytes), in id order, streamed. */
    public void forEachEmbedding(String model, java.util.function.BiConsumer<String, byte[]> each) {
        database.jdbi().useHandle(h -> h.createQuery("SELECT paper_id, vector FROM embeddings WHERE model = ? ORDER BY paper_id")
                .bind(0, model)
                .setFetchSize(1_000)
                .map((rows, ctx) -> Map.entry(rows.getString(1), rows.getBytes(2)))
                .forEach(e -> each.accept(e.getKey(), e.getValue())));
    }

    /** Which of these ids name papers in the catalogue (one query per 500 ids). */
    public java.util.Set<String> existingIds(java.util.Collection<String> ids) {
        var found = new java.util.HashSet<String>();
        var all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            var chunk = all.subList(from, Math.min(all.size(), from + 500));
            String placeholders = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            database.jdbi().useHandle(h -> {
                var q = h.createQuery("SELECT id FROM papers WHERE id IN (" + placeholders + ")");
                for (int i = 0; i < chunk.size(); i++) {
                    q.bind(i, chunk.get(i));
                }
                q.mapTo(String.class).forEach(found::add);
            });
        }
        return found;
    }

    private static Listing listing(ResultSet r) throws SQLException {
        var paper = new Paper(
                r.getString("id"),
                r.getString("title"),
                r.getString("abstract"),
                strings(r.getString("authors")),
                categories(r.getString("categories")),
                date(r.getString("published")),
                date(r.getString("updated")),
                r.getInt("version_count"),
                r.getString("comments"),
                r.getString("journal_ref"),
                r.getString("doi"),
                r.getString("report_no"),
                r.getString("license"),
                strings(r.getString("code_links")),
                r.getString("github_repo"),
                r.getString("project_page"),
                strings(r.getString("ai_keywords")));
        String day = r.getString("day");
        FeedPlacement placement = day == null ? null : new FeedPlacement(
                LocalDate.parse(day),
                Instant.parse(r.getString("entered_at")),
                FeedPlacement.Source.fromCode(r.getString("source")),
                r.getString("submitter"));
        return new Listing(paper, r.getInt("upvotes"), r.getInt("num_comments"), placement, notes(r, paper));
    }

    private static Notes notes(ResultSet r, Paper paper) throws SQLException {
        List<String> hfKeywords = strings(r.getString("hf_keywords"));
        if (hfKeywords.isEmpty()) {
            hfKeywords = paper.aiKeywords();
        }
        String hfSummary = r.getString("hf_summary");
        List<String> keywords = hfKeywords.isEmpty() ? strings(r.getString("our_keywords")) : hfKeywords;
        String summary = hfSummary != null ? hfSummary : r.getString("our_summary");
        return new Notes(keywords, hfKeywords.isEmpty() && !keywords.isEmpty(), summary, hfSummary == null && summary != null);
    }

    private static List<String> categories(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank()
                ? List.of()
                : Arrays.asList(spaceSeparated.trim().split("\\s+"));
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static List<String> strings(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON list in the catalogue: " + json, e);
        }
    }
}
