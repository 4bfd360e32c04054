package dev.paperboy.recommend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.authors.AuthorNames;
import dev.paperboy.authors.Follows;
import dev.paperboy.community.User;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each member's "for you" list: the recent feed's papers ranked by {@link Affinity} from the member's upvotes,
 * library, comments, followed authors and categories, and "not interested". Lists are computed in the background
 * (see {@link #refreshDue()}) and pages only read them. Owns the tables {@code not_interested},
 * {@code recommendations} and {@code recommendation_runs}.
 */
public final class Recommendations {
    private static final Logger LOG = LoggerFactory.getLogger(Recommendations.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double FOLLOWED_AUTHOR_BOOST = 0.3;

    /** One of the member's papers a recommendation is close to. */
    public record Reason(String id, String title, double similarity) {}

    /** Why a paper is recommended, in words a person can check. */
    public record Why(List<Reason> closest, List<String> terms, String category, List<String> followedAuthors,
            boolean followedCategory) {}

    /** A recommended paper with its score and the reasons. */
    public record Recommended(Listing listing, double score, Why why) {}

    /**
     * @param days how many feed days (ending with the latest) the candidates come from
     * @param keep how many recommendations are kept per member
     * @param membersPerStep how many members' lists one background step recomputes at most
     */
    public record Settings(int days, int keep, int membersPerStep, int corpusSize) {}

    private final Database database;
    private final Catalogue catalogue;
    private final Follows follows;
    private final Affinity affinity;
    private final Clock clock;
    private final ZoneId zone;
    private final Settings settings;
    private TextModel text;

    public Recommendations(Database database, Catalogue catalogue, Follows follows, Affinity affinity, Clock clock,
            ZoneId zone, Settings settings) {
        this.database = database;
        this.catalogue = catalogue;
        this.follows = follows;
        this.affinity = affinity;
        this.clock = clock;
        this.zone = zone;
        this.settings = settings;
    }

    /** How many recommendations are kept per member. */
    public int keep() {
        return settings.keep();
    }

    public Follows follows() {
        return follows;
    }

    /** Hides a paper from the member's list at once; the next computation also ranks papers like it lower. */
    public void notInterested(User user, String paperId) {
        catalogue.find(paperId).orElseThrow(() -> new dev.paperboy.community.NotFoundException("No paper " + paperId + " here."));
        database.write(h -> h.createUpdate("INSERT INTO not_interested (user_id, paper_id, created_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (user_id, paper_id) DO NOTHING")
                .bind(0, user.id()).bind(1, paperId).bind(2, clock.instant().toString()).execute());
    }

    public void undoNotInterested(User user, String paperId) {
        database.write(h -> h.createUpdate("DELETE FROM not_interested WHERE user_id = ? AND paper_id = ?")
                .bind(0, user.id()).bind(1, paperId).execute());
    }

    public Set<String> notInterested(User user) {
        return new HashSet<>(database.jdbi().withHandle(h -> h.createQuery(
                "SELECT paper_id FROM not_interested WHERE user_id = ?").bind(0, user.id()).mapTo(String.class).list()));
    }

    /** The member's list as last computed, without papers they have since marked "not interested". */
    public List<Recommended> forMember(User user, int limit) {
        return forMember(user.id(), limit);
    }

    /** As above, by the member's id (a digest knows its subscriber's id, not a signed-in member). */
    public List<Recommended> forMember(String userId, int limit) {
        Set<String> hidden = new HashSet<>(database.jdbi().withHandle(h -> h.createQuery(
                "SELECT paper_id FROM not_interested WHERE user_id = ?").bind(0, userId).mapTo(String.class).list()));
        var rows = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT paper_id, score, why FROM recommendations WHERE user_id = ? ORDER BY position LIMIT ?")
                .bind(0, userId).bind(1, limit + hidden.size())
                .map((r, ctx) -> new Object[] {r.getString(1), r.getDouble(2), r.getString(3)}).list());
        var out = new ArrayList<Recommended>();
        for (Object[] row : rows) {
            String id = (String) row[0];
            if (hidden.contains(id) || out.size() == limit) {
                continue;
            }
            Optional<Listing> listing = catalogue.find(id);
            listing.ifPresent(l -> out.add(new Recommended(l, (double) row[1], readWhy((String) row[2]))));
        }
        return out;
    }

    /** When the member's list was last computed, if ever. */
    public Optional<Instant> computedAt(User user) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT computed_at FROM recommendation_runs WHERE user_id = ?")
                .bind(0, user.id()).mapTo(String.class).findOne()).map(Instant::parse);
    }

    /** True when the member has told us anything to rank by. */
    public boolean hasSignals(User user) {
        return !fingerprints(user.id()).getOrDefault(user.id(), "").isEmpty();
    }

    /**
     * Recomputes the lists of members whose signals (or the feed) changed since their list was computed, a few at a
     * time. Returns how many lists it recomputed, so the background loop rests when there is nothing to do.
     */
    public int refreshDue() {
        Map<String, String> current = fingerprints(null);
        Map<String, String> stored = new HashMap<>();
        database.jdbi().useHandle(h -> h.createQuery("SELECT user_id, fingerprint FROM recommendation_runs")
                .map((r, ctx) -> Map.entry(r.getString(1), r.getString(2))).forEach(e -> stored.put(e.getKey(), e.getValue())));
        var due = new ArrayList<String>();
        for (var e : current.entrySet()) {
            if (!e.getValue().equals(stored.get(e.getKey()))) {
                due.add(e.getKey());
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        Candidates candidates = candidates();
        int done = 0;
        for (String userId : due) {
            if (done == settings.membersPerStep()) {
                break;
            }
            compute(userId, current.get(userId), candidates);
            done++;
        }
        return done;
    }

    /** Computes one member's list now (for the CLI and for tests that must not wait for the background). */
    public void refresh(User user) {
        compute(user.id(), fingerprints(user.id()).getOrDefault(user.id(), ""), candidates());
    }

    private record Candidates(String feedKey, List<Listing> listings, Map<String, SparseVector> vectors) {}

    private Candidates candidates() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate last = catalogue.feedDayOnOrBefore(today).orElse(today);
        LocalDate from = last.minusDays(settings.days() - 1L);
        List<Listing> listings = catalogue.feed(new Catalogue.FeedQuery(from, last.plusDays(1), null, false, null),
                Catalogue.Order.NEWEST, 0, 5_000);
        TextModel model = model();
        var vectors = new HashMap<String, SparseVector>();
        for (Listing l : listings) {
            vectors.put(l.paper().id(), model.vector(l.paper().title() + " " + l.paper().abstractText()));
        }
        return new Candidates(from + ".." + last + ":" + listings.size(), listings, vectors);
    }

    private void compute(String userId, String fingerprint, Candidates candidates) {
        TextModel model = model();
        Map<String, Double> weights = likedWeights(userId);
        Set<String> hidden = new HashSet<>(database.jdbi().withHandle(h -> h.createQuery(
                "SELECT paper_id FROM not_interested WHERE user_id = ?").bind(0, userId).mapTo(String.class).list()));
        var texts = papers(union(weights.keySet(), hidden));
        var liked = new ArrayList<Affinity.Liked>();
        for (var e : weights.entrySet()) {
            PaperText p = texts.get(e.getKey());
            if (p != null) {
                liked.add(new Affinity.Liked(p.id(), model.vector(p.text()), p.categories(), e.getValue()));
            }
        }
        var disliked = hidden.stream().map(texts::get).filter(java.util.Objects::nonNull).map(p -> model.vector(p.text())).toList();
        List<Follows.Follow> followed = follows.of(userId);
        var categories = followed.stream().filter(f -> f.kind() == Follows.Kind.CATEGORY).map(Follows.Follow::value).toList();
        var authors = followed.stream().filter(f -> f.kind() == Follows.Kind.AUTHOR).map(Follows.Follow::value).toList();
        var profile = affinity.profile(liked, disliked, categories, model.tfidf());
        var scored = new ArrayList<Map.Entry<Listing, Double>>();
        if (!profile.isEmpty() || !authors.isEmpty()) {
            for (Listing l : candidates.listings()) {
                String id = l.paper().id();
                if (weights.containsKey(id) || hidden.contains(id)) {
                    continue;
                }
                double score = affinity.score(profile, candidates.vectors().get(id), l.paper().categories());
                if (!AuthorNames.matching(authors, l.paper().authors()).isEmpty()) {
                    score += FOLLOWED_AUTHOR_BOOST;
                }
                if (score > 0) {
                    scored.add(Map.entry(l, score));
                }
            }
        }
        scored.sort(Map.Entry.<Listing, Double>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().paper().id()));
        var rows = new ArrayList<Object[]>();
        for (int i = 0; i < Math.min(settings.keep(), scored.size()); i++) {
            Listing l = scored.get(i).getKey();
            SparseVector v = candidates.vectors().get(l.paper().id());
            var closest = affinity.closest(profile, v, 3).stream()
                    .map(m -> new Reason(m.id(), texts.get(m.id()).title(), Math.round(m.similarity() * 1000) / 1000.0)).toList();
            List<String> terms = closest.isEmpty() ? List.of()
                    : Affinity.sharedTerms(model.tfidf(), v, vectorOf(liked, closest.getFirst().id()), 5);
            String primary = l.paper().primaryCategory();
            String category = primary != null && profile.categoryShare().getOrDefault(primary, 0.0) > 0 ? primary : null;
            var why = new Why(closest, terms, category, AuthorNames.matching(authors, l.paper().authors()),
                    primary != null && categories.contains(primary));
            rows.add(new Object[] {l.paper().id(), i, scored.get(i).getValue(), writeWhy(why)});
        }
        String now = clock.instant().toString();
        database.write(h -> {
            h.createUpdate("DELETE FROM recommendations WHERE user_id = ?").bind(0, userId).execute();
            var batch = h.prepareBatch("INSERT INTO recommendations (user_id, paper_id, position, score, why) VALUES (?, ?, ?, ?, ?)");
            for (Object[] r : rows) {
                batch.bind(0, userId).bind(1, r[0]).bind(2, r[1]).bind(3, r[2]).bind(4, r[3]).add();
            }
            if (!rows.isEmpty()) {
                batch.execute();
            }
            h.createUpdate("INSERT INTO recommendation_runs (user_id, fingerprint, computed_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (user_id) DO UPDATE SET fingerprint = excluded.fingerprint, computed_at = excluded.computed_at")
                    .bind(0, userId).bind(1, fingerprint).bind(2, now).execute();
            return null;
        });
    }

    private static SparseVector vectorOf(List<Affinity.Liked> liked, String id) {
        return liked.stream().filter(l -> l.id().equals(id)).findFirst().map(Affinity.Liked::vector).orElse(SparseVector.EMPTY);
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        var s = new HashSet<String>(a);
        s.addAll(b);
        return s;
    }

    /** Upvotes, saves and comments, each counting 1 for the paper (a paper with all three still counts 1). */
    private Map<String, Double> likedWeights(String userId) {
        var weights = new LinkedHashMap<String, Double>();
        database.jdbi().useHandle(h -> {
            for (String sql : List.of("SELECT paper_id FROM votes WHERE user_id = ?", "SELECT paper_id FROM library WHERE user_id = ?",
                    "SELECT DISTINCT paper_id FROM comments WHERE user_id = ? AND deleted_at IS NULL")) {
                h.createQuery(sql).bind(0, userId).mapTo(String.class).forEach(id -> weights.merge(id, 1.0, Math::max));
            }
        });
        return weights;
    }

    /**
     * A fingerprint of each member's signals and of the candidate window; a member with no signal at all has none.
     *
     * @param userId one member, or null for all
     */
    private Map<String, String> fingerprints(String userId) {
        var parts = new HashMap<String, StringBuilder>();
        String where = userId == null ? "" : " WHERE user_id = :u";
        String whereComments = userId == null ? " WHERE user_id IS NOT NULL" : " WHERE user_id = :u";
        database.jdbi().useHandle(h -> {
            for (String sql : List.of(
                    "SELECT user_id, COUNT(*), MAX(created_at) FROM votes" + where + " GROUP BY user_id",
                    "SELECT user_id, COUNT(*), MAX(saved_at) FROM library" + where + " GROUP BY user_id",
                    "SELECT user_id, COUNT(*), MAX(created_at) FROM comments" + whereComments + " GROUP BY user_id",
                    "SELECT user_id, COUNT(*), MAX(created_at) FROM not_interested" + where + " GROUP BY user_id",
                    "SELECT user_id, COUNT(*), MAX(created_at) FROM follows" + where + " GROUP BY user_id")) {
                var q = h.createQuery(sql);
                if (userId != null) {
                    q.bind("u", userId);
                }
                int table = sql.hashCode();
                q.map((r, ctx) -> new String[] {r.getString(1), table + ":" + r.getLong(2) + "@" + r.getString(3)})
                        .forEach(row -> parts.computeIfAbsent(row[0], k -> new StringBuilder()).append(row[1]).append(';'));
            }
        });
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        String feed = catalogue.feedDayOnOrBefore(today).map(d -> d + "/" + catalogue.feedCount(
                new Catalogue.FeedQuery(d.minusDays(settings.days() - 1L), d.plusDays(1), null, false, null))).orElse("-");
        var out = new HashMap<String, String>();
        parts.forEach((user, sb) -> out.put(user, sb + "feed:" + feed));
        return out;
    }

    private record PaperText(String id, String title, String text, List<String> categories) {}

    private Map<String, PaperText> papers(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var out = new HashMap<String, PaperText>();
        database.jdbi().useHandle(h -> h.createQuery("SELECT id, title, abstract, categories FROM papers WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .map((r, ctx) -> new PaperText(r.getString(1), r.getString(2), r.getString(2) + " " + r.getString(3),
                        List.of(r.getString(4).trim().split("\\s+"))))
                .forEach(p -> out.put(p.id(), p)));
        return out;
    }

    /** The TF-IDF vocabulary, fitted on the most recent papers and fitted again when the catalogue grew by a tenth. */
    private synchronized TextModel model() {
        long count = catalogue.count();
        if (text == null || count > text.corpusCount() * 1.1 + 10) {
            long start = System.nanoTime();
            List<String> texts = database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT title, abstract FROM papers ORDER BY published DESC LIMIT ?")
                    .bind(0, settings.corpusSize()).map((r, ctx) -> r.getString(1) + " " + r.getString(2)).list());
            text = new TextModel(TfidfModel.fit(texts, TfidfModel.Settings.forCorpus(texts.size())), count);
            LOG.info("Recommendations: TF-IDF of {} terms fitted on {} papers in {} ms", text.tfidf().dimension(), texts.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return text;
    }

    private record TextModel(TfidfModel tfidf, long corpusCount) {
        SparseVector vector(String text) {
            return tfidf.vector(text);
        }
    }

    private static String writeWhy(Why why) {
        try {
            return JSON.writeValueAsString(why);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Why readWhy(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Why>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable recommendation reasons: " + json, e);
        }
    }
}
