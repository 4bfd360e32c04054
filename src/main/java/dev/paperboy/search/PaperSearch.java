package dev.paperboy.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import dev.paperboy.search.Ranking.Ranked;
import dev.paperboy.search.SearchBackend.Filters;
import dev.paperboy.search.SearchBackend.Hit;
import dev.paperboy.search.SearchBackend.Mode;
import dev.paperboy.search.SearchBackend.Order;
import dev.paperboy.search.SearchBackend.Request;
import dev.paperboy.search.SearchBackend.Result;
import dev.paperboy.search.SearchBackend.Settings;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;

/**
 * The embedded backend's search: hybrid search over the {@link SearchIndex}: BM25 and nearest-neighbour vectors, fused (see {@link Fusion}),
 * filtered, sorted, paged and highlighted. The server and the {@code evaluate} command both use this class, so the
 * quality measured is the quality served.
 */
final class PaperSearch {
    private static final int CANDIDATES = SearchBackend.CANDIDATES;

    private final SearchIndex index;
    private final Function<String, float[]> embedQuery;
    private final Settings settings;

    /** @param embedQuery computes a query's embedding, or null for keyword-only search */
    PaperSearch(SearchIndex index, Function<String, float[]> embedQuery, Settings settings) {
        this.index = index;
        this.embedQuery = embedQuery;
        this.settings = settings;
    }

    public Result search(Request request) {
        try (SearchIndex.Snapshot snapshot = index.acquire()) {
            IndexSearcher searcher = snapshot.searcher();
            ParsedQuery query = request.query();
            Query filter = filter(query, request.filters());
            if (!query.hasText()) {
                return browse(searcher, filter, request);
            }
            Query keyword = keywordQuery(query, filter);
            Query matches = keywordQuery(query, filter, false);
            long total = searcher.count(matches);
            // Sorting by date or votes is over the papers that match the words; semantic neighbours only fill in
            // when nothing does, or a sort would put an unrelated but popular paper first.
            Mode mode = request.order() != Order.RELEVANCE && total > 0 ? Mode.BM25 : request.mode();
            // A page beyond the usual candidates (the API's limit of 120) takes that many keyword hits, up to twice them.
            int depth = Math.clamp(request.offset() + request.limit(), CANDIDATES, 2 * CANDIDATES);
            List<Ranked> ranked = rank(searcher, query, filter, keyword, matches, mode, depth);
            int related = (int) ranked.stream().filter(Ranked::related).count();
            List<Ranked> ordered = order(searcher, ranked, request.order());
            var page = ordered.stream().skip(request.offset()).limit(request.limit()).toList();
            int[] docs = page.stream().mapToInt(Ranked::doc).toArray();
            String[] ids = SearchIndex.ids(searcher, docs);
            var highlights = Highlights.of(searcher, highlightTerms(query), docs);
            var hits = new ArrayList<Hit>();
            for (int i = 0; i < docs.length; i++) {
                hits.add(new Hit(ids[i], page.get(i).score(), highlights.title(i), highlights.summary(i), page.get(i).related()));
            }
            return new Result(total, related, hits);
        } catch (IOException e) {
            throw new UncheckedIOException("search failed", e);
        }
    }

    /** The terms a result's title and abstract are marked with: the query's words and phrases, analysed. */
    private List<String> highlightTerms(ParsedQuery query) {
        var terms = new ArrayList<String>();
        for (String text : query.words()) {
            terms.addAll(terms(index.analyzerForSearch(), SearchIndex.TEXT, text));
        }
        for (String text : query.phrases()) {
            terms.addAll(terms(index.analyzerForSearch(), SearchIndex.TEXT, text));
        }
        return terms;
    }

    /** Paper ids, best first, for a plain-text query: what {@code evaluate} measures. */
    public List<String> rankIds(String text, Mode mode, int k) {
        var query = new ParsedQuery(List.of(text), List.of(), List.of(), List.of(), List.of(), null, null);
        try (SearchIndex.Snapshot snapshot = index.acquire()) {
            IndexSearcher searcher = snapshot.searcher();
            List<Ranked> ranked = rank(searcher, query, null, keywordQuery(query, null), keywordQuery(query, null, false),
                    mode, k);
            int[] docs = ranked.subList(0, Math.min(k, ranked.size())).stream().mapToInt(Ranked::doc).toArray();
            return List.of(SearchIndex.ids(searcher, docs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The papers with an author of one of these surname keys, newest first, at most {@code max}. */
    List<String> withSurname(java.util.Set<String> surnames, int max) {
        if (surnames.isEmpty() || max <= 0) {
            return List.of();
        }
        try (SearchIndex.Snapshot snapshot = index.acquire()) {
            IndexSearcher searcher = snapshot.searcher();
            var query = new org.apache.lucene.search.TermInSetQuery(SearchIndex.SURNAME_KEY,
                    surnames.stream().map(org.apache.lucene.util.BytesRef::new).toList());
            TopDocs top = searcher.search(query, max, new Sort(new SortField(SearchIndex.PUBLISHED, SortField.Type.LONG, true)));
            return List.of(SearchIndex.ids(searcher, java.util.Arrays.stream(top.scoreDocs).mapToInt(hit -> hit.doc).toArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Those of {@code ids} that match the query's words, phrases and filters. */
    java.util.Set<String> matching(ParsedQuery query, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        try (SearchIndex.Snapshot snapshot = index.acquire()) {
            IndexSearcher searcher = snapshot.searcher();
            Query filter = filter(query, Filters.NONE);
            Query matches = query.hasText() ? keywordQuery(query, filter) : filter == null ? new MatchAllDocsQuery() : filter;
            var among = new org.apache.lucene.search.TermInSetQuery(SearchIndex.ID,
                    ids.stream().map(org.apache.lucene.util.BytesRef::new).toList());
            Query q = new BooleanQuery.Builder().add(matches, Occur.MUST).add(among, Occur.FILTER).build();
            int[] docs = java.util.Arrays.stream(searcher.search(q, ids.size()).scoreDocs).mapToInt(hit -> hit.doc).toArray();
            return new java.util.HashSet<>(List.of(SearchIndex.ids(searcher, docs)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The papers nearest to {@code id} by embedding, without itself; empty when it has no embedding yet. */
    public List<String> similar(String id, int k) {
        try (SearchIndex.Snapshot snapshot = index.acquire()) {
            IndexSearcher searcher = snapshot.searcher();
            TopDocs self = searcher.search(new TermQuery(new Term(SearchIndex.ID, id)), 1);
            if (self.scoreDocs.length == 0) {
                return List.of();
            }
            float[] vector = vectorOf(searcher, self.scoreDocs[0].doc);
            if (vector == null) {
                return List.of();
            }
            TopDocs near = searcher.search(new KnnFloatVectorQuery(SearchIndex.VECTOR, vector, k + 1), k + 1);
            var ids = new ArrayList<String>();
            String[] found = SearchIndex.ids(searcher, java.util.Arrays.stream(near.scoreDocs).mapToInt(hit -> hit.doc).toArray());
            for (String other : found) {
                if (!other.equals(id) && ids.size() < k) {
                    ids.add(other);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ranks in three tiers. First the papers a name in the query points at (its whole text is a title, the name
     * before a title's colon, an author's name or surname); then the other papers that match the words; then,
     * only when their embedding is at least {@link Settings#relatedThreshold} similar to the query's, papers related
     * by meaning alone. Within a tier, the keyword and semantic rankings are fused. Every candidate is checked against
     * the words, so a paper found by meaning that also matches them is a match, and one that does not is not padded
     * into the list unless it is close enough.
     *
     * @param keyword the scoring query; {@code matches} matches the same papers at less cost
     * @param depth how many keyword hits a ranking needs; fusion takes at least {@link #CANDIDATES}
     */
    private List<Ranked> rank(IndexSearcher searcher, ParsedQuery query, Query filter, Query keyword, Query matches,
            Mode mode, int depth) throws IOException {
        int keywordDepth = mode == Mode.BM25 ? depth : Math.max(depth, CANDIDATES);
        // Counting no hits beyond the ones kept lets block-max WAND skip most postings of common words.
        List<Fusion.Scored> bm25 = mode == Mode.DENSE ? List.of()
                : scored(searcher.search(keyword, new TopScoreDocCollectorManager(keywordDepth, null, keywordDepth)));
        java.util.Set<Integer> named = mode == Mode.DENSE ? java.util.Set.of() : named(searcher, query, filter);
        // With no paper embedded yet there is nothing to compare a query vector with: don't pay for computing one.
        boolean semantic = mode != Mode.BM25 && embedQuery != null && hasVectors(searcher);
        float[] vector = semantic ? embedQuery.apply(query.semanticText()) : null;
        List<Fusion.Scored> dense = List.of();
        if (semantic) {
            var knn = new KnnFloatVectorQuery(SearchIndex.VECTOR, vector, CANDIDATES, filter);
            dense = scored(searcher.search(knn, CANDIDATES));
        }
        if (mode == Mode.DENSE) {
            return dense.stream().map(d -> new Ranked(d.doc(), d.score(), false)).toList();
        }
        var candidates = new java.util.TreeSet<Integer>();
        bm25.forEach(d -> candidates.add(d.doc()));
        candidates.addAll(named);
        dense.forEach(d -> candidates.add(d.doc()));
        return Ranking.tiers(candidates, named, matching(searcher, matches, candidates, bm25), bm25, dense, semantic,
                settings);
    }

    /** The papers whose title, title head, author name or surname is exactly the query's text. */
    private java.util.Set<Integer> named(IndexSearcher searcher, ParsedQuery query, Query filter) throws IOException {
        String key = Names.key(query.semanticText());
        if (key.isEmpty()) {
            return java.util.Set.of();
        }
        var names = new BooleanQuery.Builder();
        for (String field : List.of(SearchIndex.TITLE_KEY, SearchIndex.HEAD_KEY, SearchIndex.NAME_KEY, SearchIndex.SURNAME_KEY)) {
            names.add(new TermQuery(new Term(field, key)), Occur.SHOULD);
        }
        Query q = names.build();
        if (filter != null) {
            q = new BooleanQuery.Builder().add(q, Occur.MUST).add(filter, Occur.FILTER).build();
        }
        var docs = new java.util.HashSet<Integer>();
        for (ScoreDoc hit : searcher.search(q, CANDIDATES).scoreDocs) {
            docs.add(hit.doc);
        }
        return docs;
    }

    /**
     * The candidates that match the query's words: the keyword hits, and those of the others the (non-scoring)
     * {@code matches} query finds. Fusion uses the keyword hits' own scores, so the others need no score.
     */
    private static java.util.Set<Integer> matching(IndexSearcher searcher, Query matches,
            java.util.SortedSet<Integer> candidates, List<Fusion.Scored> keywordHits) throws IOException {
        var matching = new java.util.HashSet<Integer>();
        keywordHits.forEach(s -> matching.add(s.doc()));
        if (matching.size() == candidates.size()) {
            return matching;
        }
        var weight = searcher.createWeight(searcher.rewrite(matches), org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES, 1);
        for (var leaf : searcher.getIndexReader().leaves()) {
            var inLeaf = candidates.subSet(leaf.docBase, leaf.docBase + leaf.reader().maxDoc());
            if (inLeaf.isEmpty() || matching.containsAll(inLeaf)) {
                continue;
            }
            var scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            var docs = scorer.iterator();
            for (int doc : inLeaf) {
                int local = doc - leaf.docBase;
                if (matching.contains(doc) || docs.docID() > local) {
                    continue;
                }
                if ((docs.docID() == local ? local : docs.advance(local)) == local) {
                    matching.add(doc);
                }
            }
        }
        return matching;
    }

    /** A document's embedding as the vector index holds it, or null when it has none. */
    private static float[] vectorOf(IndexSearcher searcher, int doc) throws IOException {
        var leaves = searcher.getIndexReader().leaves();
        var leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        var values = leaf.reader().getFloatVectorValues(SearchIndex.VECTOR);
        if (values == null) {
            return null;
        }
        var iterator = values.iterator();
        return iterator.advance(doc - leaf.docBase) == doc - leaf.docBase ? values.vectorValue(iterator.index()).clone() : null;
    }

    private static boolean hasVectors(IndexSearcher searcher) throws IOException {
        for (var leaf : searcher.getIndexReader().leaves()) {
            var vectors = leaf.reader().getFloatVectorValues(SearchIndex.VECTOR);
            if (vectors != null && vectors.size() > 0) {
                return true;
            }
        }
        return false;
    }

    private Result browse(IndexSearcher searcher, Query filter, Request request) throws IOException {
        Query all = filter == null ? new MatchAllDocsQuery() : filter;
        Sort sort = request.order() == Order.UPVOTES
                ? new Sort(new SortField(SearchIndex.UPVOTES, SortField.Type.LONG, true))
                : new Sort(new SortField(SearchIndex.PUBLISHED, SortField.Type.LONG, true));
        TopDocs top = searcher.search(all, request.offset() + request.limit(), sort);
        var hits = new ArrayList<Hit>();
        int[] docs = java.util.Arrays.stream(top.scoreDocs).skip(request.offset()).mapToInt(hit -> hit.doc).toArray();
        for (String id : SearchIndex.ids(searcher, docs)) {
            hits.add(new Hit(id, 0, SearchBackend.Marks.NONE, SearchBackend.Marks.NONE));
        }
        return new Result(searcher.count(all), hits);
    }

    // Relevance keeps the fused order; newest and most upvoted re-order the relevant candidates, not the whole index.
    private static List<Ranked> order(IndexSearcher searcher, List<Ranked> ranked, Order order)
            throws IOException {
        if (order == Order.RELEVANCE) {
            return ranked;
        }
        String field = order == Order.NEWEST ? SearchIndex.PUBLISHED : SearchIndex.UPVOTES;
        var values = new java.util.HashMap<Integer, Long>();
        for (var scored : ranked) {
            values.put(scored.doc(), docValue(searcher, scored.doc(), field));
        }
        return ranked.stream()
                .sorted(Comparator.comparing(Ranked::related)
                        .thenComparing(Comparator.comparingLong((Ranked s) -> values.get(s.doc())).reversed()))
                .toList();
    }

    private static long docValue(IndexSearcher searcher, int doc, String field) throws IOException {
        var leaves = searcher.getIndexReader().leaves();
        var leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        var values = leaf.reader().getNumericDocValues(field);
        int local = doc - leaf.docBase;
        return values != null && values.advanceExact(local) ? values.longValue() : Long.MIN_VALUE;
    }

    private static List<Fusion.Scored> scored(TopDocs top) {
        var list = new ArrayList<Fusion.Scored>(top.scoreDocs.length);
        for (ScoreDoc hit : top.scoreDocs) {
            list.add(new Fusion.Scored(hit.doc, hit.score));
        }
        return list;
    }

    /**
     * The scoring query: each word in the text (title, abstract and author names), and again in the title, boosted.
     * Names are part of the text rather than a clause of their own: a third clause per word cost a quarter of the
     * keyword search's speed.
     */
    Query keywordQuery(ParsedQuery query, Query filter) {
        return keywordQuery(query, filter, true);
    }

    /**
     * @param scoring false for a query that matches the same papers at less cost, to count them: a title's words are
     *     in the text as well, so the title clauses add score but no matches
     */
    private Query keywordQuery(ParsedQuery query, Query filter, boolean scoring) {
        var words = new BooleanQuery.Builder();
        Analyzer analyzer = index.analyzerForSearch();
        for (String word : query.words()) {
            for (String term : terms(analyzer, SearchIndex.TEXT, word)) {
                words.add(new TermQuery(new Term(SearchIndex.TEXT, term)), Occur.SHOULD);
                if (scoring) {
                    words.add(new BoostQuery(new TermQuery(new Term(SearchIndex.TITLE, term)), settings.titleBoost()), Occur.SHOULD);
                }
            }
        }
        var query2 = new BooleanQuery.Builder();
        BooleanQuery anyWord = words.build();
        if (!anyWord.clauses().isEmpty()) {
            query2.add(anyWord, query.phrases().isEmpty() ? Occur.MUST : Occur.SHOULD);
        }
        for (String phrase : query.phrases()) {
            query2.add(phrase(analyzer, SearchIndex.TEXT, phrase), Occur.MUST);
        }
        if (filter != null) {
            query2.add(filter, Occur.FILTER);
        }
        return query2.build();
    }

    /** Everything a result must satisfy besides scoring: filters, exclusions, required phrases and authors. */
    Query filter(ParsedQuery query, Filters filters) {
        var filter = new BooleanQuery.Builder();
        Analyzer analyzer = index.analyzerForSearch();
        boolean any = false;
        for (String author : query.authors()) {
            filter.add(phrase(analyzer, SearchIndex.AUTHORS, author), Occur.FILTER);
            any = true;
        }
        var categories = new ArrayList<String>(query.categories());
        if (filters.category() != null) {
            categories.add(filters.category());
        }
        if (!categories.isEmpty()) {
            var anyCategory = new BooleanQuery.Builder();
            categories.forEach(c -> anyCategory.add(new TermQuery(new Term(SearchIndex.CATEGORY, c)), Occur.SHOULD));
            filter.add(anyCategory.build(), Occur.FILTER);
            any = true;
        }
        LocalDate from = later(query.from(), filters.from());
        LocalDate until = earlier(query.until(), filters.until());
        if (from != null || until != null) {
            filter.add(LongPoint.newRangeQuery(SearchIndex.PUBLISHED,
                    from == null ? Long.MIN_VALUE : from.toEpochDay(),
                    until == null ? Long.MAX_VALUE : until.toEpochDay()), Occur.FILTER);
            any = true;
        }
        if (filters.hasCode()) {
            filter.add(new TermQuery(new Term(SearchIndex.CODE, "1")), Occur.FILTER);
            any = true;
        }
        for (String phrase : query.phrases()) {
            filter.add(phrase(analyzer, SearchIndex.TEXT, phrase), Occur.FILTER);
            any = true;
        }
        for (String excluded : query.excluded()) {
            filter.add(phrase(analyzer, SearchIndex.TEXT, excluded), Occur.MUST_NOT);
            any = true;
        }
        if (!any) {
            return null;
        }
        // A query of only MUST_NOT clauses matches nothing in Lucene; anchor it on every document.
        filter.add(new MatchAllDocsQuery(), Occur.FILTER);
        return filter.build();
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Query phrase(Analyzer analyzer, String field, String text) {
        var phrase = new PhraseQuery.Builder();
        int count = 0;
        String single = null;
        try (var stream = analyzer.tokenStream(field, text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            var increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                // Stop words leave gaps; keeping the positions lets "learning of representations" match as written.
                position += increment.getPositionIncrement();
                phrase.add(new Term(field, term.toString()), position);
                single = term.toString();
                count++;
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (count == 0) {
            return new BooleanQuery.Builder().build();
        }
        return count == 1 ? new TermQuery(new Term(field, single)) : phrase.build();
    }

    static List<String> terms(Analyzer analyzer, String field, String text) {
        var terms = new ArrayList<String>();
        try (var stream = analyzer.tokenStream(field, text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

}
