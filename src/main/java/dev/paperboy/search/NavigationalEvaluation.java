package dev.paperboy.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The searches people type to find a paper or a person, generated from a catalogue and run through the server's
 * own search: each exact title (mean reciprocal rank of its paper), each name before a title's colon that only one
 * title has (its paper in the top 3), each author's full name, each surname that only one author in the
 * catalogue bears, and each name as a citation writes it ("Hinton, G.") that only one author's name gives (precision
 * of the top results: the share that are that author's papers, over as many results as the author has papers, at
 * most 10).
 */
public final class NavigationalEvaluation {
    /** At most this many results are judged for an author query. */
    static final int PRECISION_DEPTH = 10;

    /** The five figures, and how many queries each was measured on. */
    public record Figures(double titleMrr, int titles, double headHitAt3, int heads, double fullNamePrecision, int names,
            double rareSurnamePrecision, int surnames, double citedNamePrecision, int citedNames) {

        /**
         * True when every figure reaches its goal: issue 11's for the first four, and for cited names the goal of
         * full names (a cited name this catalogue gives one author is as unambiguous as the full name).
         */
        public boolean meetsGoals() {
            return titleMrr >= 0.95 && headHitAt3 >= 0.9 && fullNamePrecision >= 0.9 && rareSurnamePrecision >= 0.85
                    && citedNamePrecision >= 0.9;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "title MRR=%.3f (%d)  head hit@3=%.3f (%d)  full-name precision=%.3f (%d)  rare-surname precision=%.3f (%d)"
                            + "  cited-name precision=%.3f (%d)",
                    titleMrr, titles, headHitAt3, heads, fullNamePrecision, names, rareSurnamePrecision, surnames,
                    citedNamePrecision, citedNames);
        }
    }

    /** One generated search: its text and the papers it should bring first. */
    record Query(String text, Set<String> relevant) {}

    private final List<SearchDoc> papers;
    final List<Query> titles;
    final List<Query> heads;
    final List<Query> names;
    final List<Query> surnames;
    final List<Query> citedNames;

    /** @param maxQueries at most this many queries of each kind, picked evenly from the catalogue */
    public NavigationalEvaluation(List<SearchDoc> papers, int maxQueries) {
        this.papers = List.copyOf(papers);
        var byTitle = new LinkedHashMap<String, Set<String>>();
        var titleText = new HashMap<String, String>();
        var byHead = new LinkedHashMap<String, Set<String>>();
        var headText = new HashMap<String, String>();
        var byName = new LinkedHashMap<String, Set<String>>();
        var nameText = new HashMap<String, String>();
        var namesBySurname = new LinkedHashMap<String, Set<String>>();
        var namesByCitation = new LinkedHashMap<String, Set<String>>();
        var citationText = new HashMap<String, String>();
        for (SearchDoc p : papers) {
            String key = Names.key(p.title());
            if (!key.isEmpty()) {
                byTitle.computeIfAbsent(key, k -> new HashSet<>()).add(p.id());
                titleText.putIfAbsent(key, p.title());
            }
            String head = Names.head(p.title());
            if (head != null) {
                byHead.computeIfAbsent(Names.key(head), k -> new HashSet<>()).add(p.id());
                headText.putIfAbsent(Names.key(head), head);
            }
            for (String author : p.authors()) {
                String name = Names.key(author);
                if (name.isEmpty()) {
                    continue;
                }
                byName.computeIfAbsent(name, k -> new HashSet<>()).add(p.id());
                nameText.putIfAbsent(name, author);
                namesBySurname.computeIfAbsent(Names.surname(author), k -> new HashSet<>()).add(name);
                String cited = cited(author);
                if (cited != null) {
                    namesByCitation.computeIfAbsent(Names.key(cited), k -> new HashSet<>()).add(name);
                    citationText.putIfAbsent(Names.key(cited), cited);
                }
            }
        }
        titles = sample(byTitle.entrySet().stream().map(e -> new Query(titleText.get(e.getKey()), e.getValue())).toList(), maxQueries);
        heads = sample(byHead.entrySet().stream().filter(e -> e.getValue().size() == 1)
                .map(e -> new Query(headText.get(e.getKey()), e.getValue())).toList(), maxQueries);
        names = sample(byName.entrySet().stream().map(e -> new Query(nameText.get(e.getKey()), e.getValue())).toList(), maxQueries);
        surnames = sample(namesBySurname.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue().size() == 1)
                .map(e -> new Query(e.getKey(), byName.get(e.getValue().iterator().next()))).toList(), maxQueries);
        citedNames = sample(namesByCitation.entrySet().stream().filter(e -> e.getValue().size() == 1)
                .map(e -> new Query(citationText.get(e.getKey()), byName.get(e.getValue().iterator().next()))).toList(),
                maxQueries);
    }

    /** "Hinton, G." for Geoffrey E. Hinton: the surname as written, a comma and the first initial; null for one word. */
    static String cited(String author) {
        String[] pieces = author.strip().split("\\s+");
        int last = pieces.length - 1;
        while (last > 0 && Names.isSuffix(Names.key(pieces[last]))) {
            last--;
        }
        if (last == 0 || Names.key(pieces[0]).isEmpty() || Names.key(pieces[last]).isEmpty()) {
            return null;
        }
        return pieces[last] + ", " + pieces[0].substring(0, pieces[0].offsetByCodePoints(0, 1)) + ".";
    }

    // Every n-th query, so that a large catalogue is measured on a spread of it in bounded time.
    private static List<Query> sample(List<Query> queries, int max) {
        if (queries.size() <= max) {
            return queries;
        }
        var picked = new ArrayList<Query>(max);
        for (int i = 0; i < max; i++) {
            picked.add(queries.get((int) ((long) i * queries.size() / max)));
        }
        return picked;
    }

    public int paperCount() {
        return papers.size();
    }

    /**
     * Indexes the catalogue (with the vectors given, or none) and measures the five figures.
     *
     * @param vectors embeddings by paper id; an empty map measures search before any paper has one
     * @param embedQuery computes a query's embedding, or null for none
     */
    public Figures run(Map<String, float[]> vectors, Function<String, float[]> embedQuery, SearchBackend.Settings settings) {
        try (var search = SearchBackends.inMemory(vectors.isEmpty() ? null : embedQuery, settings)) {
            var docs = new ArrayList<SearchDoc>(papers.size());
            for (SearchDoc p : papers) {
                docs.add(new SearchDoc(p.id(), p.title(), p.abstractText(), p.authors(), p.categories(), p.published(),
                        p.upvotes(), p.hasCode(), vectors.get(p.id())));
            }
            search.index(docs);
            search.commit();
            Function<String, List<String>> ranking = q -> search.rankIds(q, SearchBackend.Mode.HYBRID, SearchBackend.CANDIDATES);
            return new Figures(mean(titles, q -> reciprocalRank(ranking.apply(q.text()), q.relevant())), titles.size(),
                    mean(heads, q -> hitAt3(ranking.apply(q.text()), q.relevant())), heads.size(),
                    mean(names, q -> precision(ranking.apply(q.text()), q.relevant())), names.size(),
                    mean(surnames, q -> precision(ranking.apply(q.text()), q.relevant())), surnames.size(),
                    mean(citedNames, q -> precision(ranking.apply(q.text()), q.relevant())), citedNames.size());
        }
    }

    /**
     * For calibrating the "related by meaning" threshold: the cosine similarity of the closest paper that a name
     * query should not bring (every name query's best wrong neighbour by meaning), sorted.
     */
    public List<Double> wrongNeighbourSimilarities(Map<String, float[]> vectors, Function<String, float[]> embedQuery) {
        var sims = new ArrayList<Double>();
        var all = new ArrayList<Query>();
        all.addAll(names);
        all.addAll(surnames);
        all.addAll(heads);
        for (Query q : all) {
            float[] query = embedQuery.apply(q.text());
            double best = -1;
            for (SearchDoc p : papers) {
                float[] v = vectors.get(p.id());
                if (v != null && !q.relevant().contains(p.id())) {
                    best = Math.max(best, dot(query, v));
                }
            }
            sims.add(best);
        }
        sims.sort(Comparator.naturalOrder());
        return sims;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double mean(List<Query> queries, java.util.function.ToDoubleFunction<Query> score) {
        return queries.isEmpty() ? 1 : queries.stream().mapToDouble(score).average().orElse(1);
    }

    static double reciprocalRank(List<String> ranked, Set<String> relevant) {
        for (int i = 0; i < ranked.size(); i++) {
            if (relevant.contains(ranked.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    static double hitAt3(List<String> ranked, Set<String> relevant) {
        return ranked.stream().limit(3).anyMatch(relevant::contains) ? 1 : 0;
    }

    /** The share of the top min(|relevant|, 10) results that are relevant. */
    static double precision(List<String> ranked, Set<String> relevant) {
        int depth = Math.min(relevant.size(), PRECISION_DEPTH);
        long found = ranked.stream().limit(depth).filter(relevant::contains).count();
        return (double) found / depth;
    }
}
