package dev.paperboy.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.search.Ranking.Ranked;
import dev.paperboy.search.SearchBackend.Filters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Search on a SolrCloud collection, through Solr's HTTP and JSON APIs (no SolrJ: its Lucene 9 would clash with the
 * embedded backend's Lucene 10). Solr analyses and scores the text as the embedded index does (see the configset in
 * {@code solr/conf}); the ranking (names first, keyword and semantic rankings fused, related papers) is computed here
 * by {@link Ranking}, as for the embedded backend. The collection and its configset are created on first use.
 * Requests go to the first node that answers; a node that refuses or fails is left for the next one.
 */
final class SolrBackend implements SearchBackend {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The configset's version (2: exact keys for titles, title heads, author names and surnames). */
    private static final String CONFIGSET = "paperboy-2";
    /** The pseudo-field in which Solr returns a document's score for the keyword query, beside another ranking's. */
    private static final String KEYWORD_SCORE = "keyword_score";
    private static final List<String> CONFIG_FILES = List.of("solrconfig.xml", "schema.xml", "stopwords_en.txt");

    private final List<String> nodes;
    private final String collection;
    private final Function<String, float[]> embedQuery;
    private final Settings settings;
    private final HttpClient http;
    /** The requests of one search that do not depend on each other are sent at once, each on a thread of its own. */
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private volatile int preferred;
    private volatile boolean vectorsSeen;

    /**
     * @param nodes base URLs of Solr nodes ({@code http://host:8983/solr}), tried in turn
     * @param shards, replicas how to create the collection when it does not exist
     */
    SolrBackend(List<String> nodes, String collection, int shards, int replicas, Function<String, float[]> embedQuery,
            Settings settings) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("search.solr.urls names no Solr node");
        }
        this.nodes = nodes.stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
        this.collection = collection;
        this.embedQuery = embedQuery;
        this.settings = settings;
        // HTTP/1.1: the JDK client's default asks to upgrade a plain-HTTP connection to HTTP/2 on its first GET, and a
        // Solr node holding no replica of the collection forwards that request with its Upgrade headers to one that
        // does and fails ("The server failed to respond with a valid HTTP response", a 500).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        ensureCollection(shards, replicas);
    }

    private void ensureCollection(int shards, int replicas) {
        JsonNode collections = get("/admin/collections?action=LIST&wt=json").path("collections");
        for (JsonNode name : collections) {
            if (name.asText().equals(collection)) {
                return;
            }
        }
        boolean uploaded = false;
        for (JsonNode name : get("/admin/configs?action=LIST&wt=json").path("configSets")) {
            uploaded |= name.asText().equals(CONFIGSET);
        }
        if (!uploaded) {
            send("/admin/configs?action=UPLOAD&wt=json&name=" + CONFIGSET, "application/octet-stream", configset());
        }
        get("/admin/collections?action=CREATE&wt=json&waitForFinalState=true&name=" + encode(collection)
                + "&numShards=" + shards + "&replicationFactor=" + replicas + "&collection.configName=" + CONFIGSET);
    }

    private static byte[] configset() {
        var zip = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(zip)) {
            for (String file : CONFIG_FILES) {
                try (InputStream in = SolrBackend.class.getResourceAsStream("/solr/conf/" + file)) {
                    out.putNextEntry(new ZipEntry(file));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip.toByteArray();
    }

    // Writing

    @Override
    public void index(List<SearchDoc> docs) {
        if (docs.isEmpty()) {
            return;
        }
        // In requests of a few megabytes: a vector is about 4 kB of JSON.
        for (int from = 0; from < docs.size(); from += 500) {
            ArrayNode batch = JSON.createArrayNode();
            for (SearchDoc doc : docs.subList(from, Math.min(docs.size(), from + 500))) {
                batch.add(document(doc));
            }
            update("", batch);
        }
    }

    private static ObjectNode document(SearchDoc doc) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", doc.id());
        d.put("title", doc.title());
        d.put("abstract", doc.abstractText());
        d.put("text", doc.title() + "\n" + doc.abstractText() + "\n" + String.join(", ", doc.authors()));
        ArrayNode authors = d.putArray("authors");
        doc.authors().forEach(authors::add);
        var nameKeys = new ArrayList<String>();
        var surnames = new ArrayList<String>();
        for (String author : doc.authors()) {
            nameKeys.addAll(Names.nameKeys(author));
            surnames.addAll(Names.surnames(author));
        }
        ArrayNode names = d.putArray("name_key");
        nameKeys.forEach(names::add);
        ArrayNode surnameKeys = d.putArray("surname_key");
        surnames.forEach(surnameKeys::add);
        String titleKey = Names.key(doc.title());
        if (!titleKey.isEmpty()) {
            d.put("title_key", titleKey);
        }
        String head = Names.head(doc.title());
        if (head != null) {
            d.put("head_key", Names.key(head));
        }
        ArrayNode categories = d.putArray("cat");
        doc.categories().forEach(categories::add);
        if (doc.published() != null) {
            d.put("published", doc.published().toEpochDay());
        }
        d.put("upvotes", doc.upvotes());
        d.put("code", doc.hasCode());
        d.put("has_vector", doc.vector() != null);
        if (doc.vector() != null) {
            ArrayNode vector = d.putArray("vector");
            for (float v : doc.vector()) {
                vector.add(v);
            }
        }
        return d;
    }

    @Override
    public void delete(String id) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("delete").add(id);
        update("", body);
    }

    @Override
    public void updateUpvotes(Map<String, Integer> upvotes) {
        if (upvotes.isEmpty()) {
            return;
        }
        // In place (upvotes has doc values only); "_version_": 1 means "only if the paper is indexed", and a paper
        // not indexed is skipped rather than failing the batch, as the embedded index ignores it.
        ArrayNode batch = JSON.createArrayNode();
        upvotes.forEach((id, count) -> {
            ObjectNode d = batch.addObject();
            d.put("id", id);
            d.putObject("upvotes").put("set", count);
            d.put("_version_", 1);
        });
        update("&failOnVersionConflicts=false", batch);
    }

    @Override
    public void clear() {
        vectorsSeen = false;
        ObjectNode body = JSON.createObjectNode();
        body.putObject("delete").put("query", "*:*");
        update("", body);
    }

    @Override
    public void commit() {
        update("&commit=true&waitSearcher=true", JSON.createObjectNode());
    }

    private void update(String params, JsonNode body) {
        try {
            send("/" + encode(collection) + "/update?wt=json" + params, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasCurrentSchema() {
        return CONFIGSET.equals(get("/" + encode(collection) + "/schema/name?wt=json").path("name").asText());
    }

    // Reading

    /** A Solr document found by one step of a search. */
    private record Found(String id, float score, JsonNode doc) {}

    private record Answer(long total, List<Found> docs, JsonNode response) {}

    @Override
    public Result search(Request request) {
        ParsedQuery query = request.query();
        List<String> filter = filter(query, request.filters());
        if (!query.hasText()) {
            return browse(filter, request);
        }
        String keyword = keywordQuery(query);
        Mode mode = request.order() != Order.RELEVANCE ? Mode.BM25 : request.mode();
        int depth = Math.clamp(request.offset() + request.limit(), CANDIDATES, 2 * CANDIDATES);
        var ranking = rank(query, filter, keyword, mode, depth, request.order() != Order.RELEVANCE);
        long total = ranking.total();
        if (request.order() != Order.RELEVANCE && total == 0 && request.mode() != Mode.BM25) {
            // Sorting applies to the papers that match the words; when none do, the semantic neighbours fill in.
            ranking = rank(query, filter, keyword, request.mode(), depth, false);
        }
        List<Ranked> ranked = ranking.ranked();
        List<String> ids = ranking.ids();
        int related = (int) ranked.stream().filter(Ranked::related).count();
        List<Ranked> ordered = order(ranked, ids, request.order());
        var page = ordered.stream().skip(request.offset()).limit(request.limit()).toList();
        if (page.isEmpty()) {
            return new Result(total, related, List.of());
        }
        var pageIds = page.stream().map(r -> ids.get(r.doc())).toList();
        var params = new LinkedHashMap<String, String>();
        params.put("q", "{!terms f=id}" + String.join(",", pageIds));
        params.put("fl", "id");
        params.put("rows", Integer.toString(pageIds.size()));
        params.put("hl", "true");
        params.put("hl.method", "unified");
        params.put("hl.fl", "title,abstract");
        params.put("hl.q", keyword);
        params.put("hl.qparser", "lucene");
        params.put("q.op", "OR");
        params.put("sow", "false");
        params.put("hl.requireFieldMatch", "false");
        params.put("hl.bs.type", "WHOLE");
        params.put("hl.fragsize", "0");
        params.put("hl.maxAnalyzedChars", "100000");
        params.put("hl.snippets", "1");
        params.put("hl.tag.pre", String.valueOf(Highlights.OPEN));
        params.put("hl.tag.post", String.valueOf(Highlights.CLOSE));
        JsonNode response = select(params);
        var docs = new HashMap<String, JsonNode>();
        response.path("response").path("docs").forEach(d -> docs.put(d.path("id").asText(), d));
        JsonNode highlighting = response.path("highlighting");
        var hits = new ArrayList<Hit>();
        for (Ranked r : page) {
            String id = ids.get(r.doc());
            JsonNode doc = docs.get(id);
            if (doc == null) {
                continue; // deleted between the steps of this search
            }
            JsonNode marked = highlighting.path(id);
            hits.add(new Hit(id, r.score(), Highlights.fromMarked(first(marked.path("title"))),
                    Highlights.fromMarked(first(marked.path("abstract"))), r.related()));
        }
        return new Result(total, related, hits);
    }

    private static String first(JsonNode values) {
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }

    private Result browse(List<String> filter, Request request) {
        var params = new LinkedHashMap<String, String>();
        params.put("q", "*:*");
        params.put("fl", "id");
        params.put("sort", request.order() == Order.UPVOTES ? "upvotes desc" : "published desc");
        params.put("start", Integer.toString(request.offset()));
        params.put("rows", Integer.toString(request.limit()));
        Answer answer = query(params, filter);
        var hits = new ArrayList<Hit>();
        for (Found f : answer.docs()) {
            hits.add(new Hit(f.id(), 0, Marks.NONE, Marks.NONE));
        }
        return new Result(answer.total(), hits);
    }

    @Override
    public List<String> rankIds(String text, Mode mode, int k) {
        var query = new ParsedQuery(List.of(text), List.of(), List.of(), List.of(), List.of(), null, null);
        var ranking = rank(query, List.of(), keywordQuery(query), mode, k, false);
        return ranking.ranked().stream().limit(k).map(r -> ranking.ids().get(r.doc())).toList();
    }

    /**
     * @param total how many papers match the words and filters
     * @param ids the candidates' ids by local number (the numbers {@link Ranked} holds)
     */
    private record Candidates(long total, List<Ranked> ranked, List<String> ids) {}

    /**
     * As the embedded backend ranks (see {@link Ranking}), with papers numbered in the order Solr first gave them.
     * One round trip of requests sent together: the keyword ranking, the names, and the semantic neighbours, the
     * last two with each paper's keyword score computed by Solr beside it (a field of the answer), so that the fusion
     * needs no further request; the query's embedding is computed while the first two are under way.
     */
    private Candidates rank(ParsedQuery query, List<String> filter, String keyword, Mode mode, int depth,
            boolean keywordOnly) {
        if (keywordOnly) {
            mode = Mode.BM25;
        }
        int keywordDepth = mode == Mode.BM25 ? depth : Math.max(depth, CANDIDATES);
        int rows = mode == Mode.DENSE ? 0 : keywordDepth;
        var keywordRequest = async(() -> keywordHits(keyword, filter, rows));
        var namedRequest = mode == Mode.DENSE ? CompletableFuture.completedFuture(List.<Found>of())
                : async(() -> named(query, filter, keyword));
        boolean semantic = mode != Mode.BM25 && embedQuery != null && hasVectors();
        CompletableFuture<List<Found>> denseRequest = CompletableFuture.completedFuture(List.of());
        if (semantic) {
            float[] vector = embedQuery.apply(query.semanticText());
            boolean scored = mode != Mode.DENSE;
            denseRequest = async(() -> nearest(vector, filter, scored ? keyword : null));
        }
        Answer keywordHits = join(keywordRequest);
        List<Found> namedHits = join(namedRequest);
        List<Found> denseHits = join(denseRequest);

        var ids = new ArrayList<String>();
        var numbers = new HashMap<String, Integer>();
        Function<String, Integer> number = id -> numbers.computeIfAbsent(id, i -> {
            ids.add(i);
            return ids.size() - 1;
        });
        var bm25 = new ArrayList<Fusion.Scored>();
        keywordHits.docs().forEach(f -> bm25.add(new Fusion.Scored(number.apply(f.id()), f.score())));
        var named = new HashSet<Integer>();
        namedHits.forEach(f -> named.add(number.apply(f.id())));
        var dense = new ArrayList<Fusion.Scored>();
        denseHits.forEach(f -> dense.add(new Fusion.Scored(number.apply(f.id()), f.score())));
        if (mode == Mode.DENSE) {
            return new Candidates(keywordHits.total(),
                    dense.stream().map(d -> new Ranked(d.doc(), d.score(), false)).toList(), ids);
        }
        var candidates = new TreeSet<Integer>();
        bm25.forEach(d -> candidates.add(d.doc()));
        candidates.addAll(named);
        dense.forEach(d -> candidates.add(d.doc()));
        var matching = new HashSet<Integer>();
        bm25.forEach(s -> matching.add(s.doc()));
        // A candidate beyond the keyword ranking's depth matches the words when Solr computed a keyword score for it.
        for (List<Found> more : List.of(namedHits, denseHits)) {
            for (Found f : more) {
                if (f.doc().path(KEYWORD_SCORE).asDouble(0) > 0) {
                    matching.add(number.apply(f.id()));
                }
            }
        }
        return new Candidates(keywordHits.total(),
                Ranking.tiers(candidates, named, matching, bm25, dense, semantic, settings), ids);
    }

    /** The {@code CANDIDATES} nearest papers by embedding, each with its keyword score when {@code keyword} is given. */
    private List<Found> nearest(float[] vector, List<String> filter, String keyword) {
        var params = new LinkedHashMap<String, String>();
        params.put("q", "{!knn f=vector topK=" + CANDIDATES + "}" + vectorText(vector));
        params.put("fl", "id,score");
        params.put("rows", Integer.toString(CANDIDATES));
        withKeywordScore(params, keyword);
        return query(params, filter).docs();
    }

    /** Asks Solr for each document's score for {@code keyword} as the field {@link #KEYWORD_SCORE} (0: no match). */
    private static void withKeywordScore(Map<String, String> params, String keyword) {
        if (keyword == null || keyword.isBlank()) {
            return;
        }
        params.put("fl", params.get("fl") + "," + KEYWORD_SCORE + ":query($keyword,0)");
        params.put("keyword", keyword);
        params.put("q.op", "OR");
        params.put("sow", "false");
    }

    private <T> CompletableFuture<T> async(java.util.function.Supplier<T> request) {
        return CompletableFuture.supplyAsync(request, requests);
    }

    private static <T> T join(CompletableFuture<T> request) {
        try {
            return request.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Answer keywordHits(String keyword, List<String> filter, int rows) {
        var params = new LinkedHashMap<String, String>();
        params.put("q", keyword);
        params.put("q.op", "OR");
        params.put("sow", "false");
        params.put("fl", "id,score");
        params.put("rows", Integer.toString(rows));
        return query(params, filter);
    }

    private List<Found> named(ParsedQuery query, List<String> filter, String keyword) {
        String key = Names.key(query.semanticText());
        if (key.isEmpty()) {
            return List.of();
        }
        String quoted = quote(key);
        var params = new LinkedHashMap<String, String>();
        params.put("q", "title_key:" + quoted + " head_key:" + quoted + " name_key:" + quoted + " surname_key:" + quoted);
        params.put("q.op", "OR");
        params.put("fl", "id");
        params.put("rows", Integer.toString(CANDIDATES));
        withKeywordScore(params, keyword);
        return query(params, filter).docs();
    }

    // Relevance keeps the fused order; newest and most upvoted re-order the relevant candidates, not the whole index.
    private List<Ranked> order(List<Ranked> ranked, List<String> ids, Order order) {
        if (order == Order.RELEVANCE || ranked.isEmpty()) {
            return ranked;
        }
        String field = order == Order.NEWEST ? "published" : "upvotes";
        var params = new LinkedHashMap<String, String>();
        params.put("q", "{!terms f=id}" + String.join(",", ranked.stream().map(r -> ids.get(r.doc())).toList()));
        params.put("fl", "id," + field);
        params.put("rows", Integer.toString(ranked.size()));
        var values = new HashMap<String, Long>();
        query(params, List.of()).docs().forEach(f -> values.put(f.id(),
                f.doc().has(field) ? f.doc().path(field).asLong() : Long.MIN_VALUE));
        return ranked.stream()
                .sorted(Comparator.comparing(Ranked::related).thenComparing(Comparator.comparingLong(
                        (Ranked r) -> values.getOrDefault(ids.get(r.doc()), Long.MIN_VALUE)).reversed()))
                .toList();
    }

    @Override
    public List<String> similar(String id, int k) {
        JsonNode doc = get("/" + encode(collection) + "/get?wt=json&fl=id,vector&id=" + encode(id)).path("doc");
        JsonNode stored = doc.path("vector");
        if (!stored.isArray() || stored.isEmpty()) {
            return List.of();
        }
        float[] vector = new float[stored.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) stored.get(i).asDouble();
        }
        var params = new LinkedHashMap<String, String>();
        params.put("q", "{!knn f=vector topK=" + (k + 1) + "}" + vectorText(vector));
        params.put("fl", "id");
        params.put("rows", Integer.toString(k + 1));
        return query(params, List.of()).docs().stream().map(Found::id).filter(other -> !other.equals(id)).limit(k).toList();
    }

    @Override
    public List<String> withSurname(String surname, int max) {
        Set<String> surnames = Names.surnameKeys(surname);
        if (surnames.isEmpty() || max <= 0) {
            return List.of();
        }
        var params = new LinkedHashMap<String, String>();
        params.put("q", "*:*");
        params.put("sort", "published desc");
        params.put("fl", "id");
        params.put("rows", Integer.toString(max));
        // Keys are letters, digits, apostrophes and spaces: never the comma that separates them here.
        return query(params, List.of("{!terms f=surname_key}" + String.join(",", surnames))).docs().stream()
                .map(Found::id).toList();
    }

    @Override
    public Set<String> matching(ParsedQuery query, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        var filter = new ArrayList<>(filter(query, Filters.NONE));
        filter.add("{!terms f=id}" + String.join(",", ids));
        var params = new LinkedHashMap<String, String>();
        params.put("q", query.hasText() ? keywordQuery(query) : "*:*");
        params.put("q.op", "OR");
        params.put("sow", "false");
        params.put("fl", "id");
        params.put("rows", Integer.toString(ids.size()));
        var found = new HashSet<String>();
        query(params, filter).docs().forEach(f -> found.add(f.id()));
        return found;
    }

    // With no paper embedded yet there is nothing to compare a query vector with: don't pay for computing one. Once
    // vectors are there they stay (until a rebuild clears the collection), so that is asked only until then.
    private boolean hasVectors() {
        if (vectorsSeen) {
            return true;
        }
        var params = new LinkedHashMap<String, String>();
        params.put("q", "has_vector:true");
        params.put("rows", "0");
        vectorsSeen = query(params, List.of()).total() > 0;
        return vectorsSeen;
    }

    @Override
    public Counts counts() {
        var all = new LinkedHashMap<String, String>();
        all.put("q", "*:*");
        all.put("rows", "0");
        var vectors = new LinkedHashMap<String, String>();
        vectors.put("q", "has_vector:true");
        vectors.put("rows", "0");
        return new Counts(query(all, List.of()).total(), query(vectors, List.of()).total());
    }

    @Override
    public long version() {
        // Every add, delete and in-place vote update gives a document a new _version_; deletes change the count.
        var params = new LinkedHashMap<String, String>();
        params.put("q", "*:*");
        params.put("fl", "_version_");
        params.put("sort", "_version_ desc");
        params.put("rows", "1");
        Answer answer = query(params, List.of());
        long newest = answer.docs().isEmpty() ? 0 : answer.docs().getFirst().doc().path("_version_").asLong();
        return newest * 31 + answer.total();
    }

    @Override
    public String describe() {
        return "Solr collection " + collection + " on " + String.join(", ", nodes);
    }

    @Override
    public void close() {
        requests.close();
        http.close();
    }

    // Query syntax to Solr

    /**
     * The scoring query, as the embedded backend builds it: every word in the text and, boosted, in the title (the
     * words analysed together, each term a SHOULD clause); phrases required.
     */
    String keywordQuery(ParsedQuery query) {
        var words = new ArrayList<String>();
        for (String word : query.words()) {
            for (String part : word.strip().split("\\s+")) {
                if (!part.isEmpty()) {
                    words.add(escape(part));
                }
            }
        }
        var clauses = new ArrayList<String>();
        if (!words.isEmpty()) {
            String joined = String.join(" ", words);
            String scoring = "(text:(" + joined + ") title:(" + joined + ")^" + settings.titleBoost() + ")";
            clauses.add(query.phrases().isEmpty() ? "+" + scoring : scoring);
        }
        for (String phrase : query.phrases()) {
            clauses.add("+text:" + quote(phrase));
        }
        return String.join(" ", clauses);
    }

    /** Everything a result must satisfy besides scoring, one Solr filter each. */
    List<String> filter(ParsedQuery query, Filters filters) {
        var fq = new ArrayList<String>();
        for (String author : query.authors()) {
            fq.add("authors:" + quote(author));
        }
        var categories = new ArrayList<>(query.categories());
        if (filters.category() != null) {
            categories.add(filters.category());
        }
        if (!categories.isEmpty()) {
            fq.add("{!terms f=cat}" + String.join(",", categories.stream().map(c -> c.replace(",", "\\,")).toList()));
        }
        LocalDate from = later(query.from(), filters.from());
        LocalDate until = earlier(query.until(), filters.until());
        if (from != null || until != null) {
            fq.add("published:[" + (from == null ? "*" : from.toEpochDay()) + " TO "
                    + (until == null ? "*" : until.toEpochDay()) + "]");
        }
        if (filters.hasCode()) {
            fq.add("code:true");
        }
        for (String phrase : query.phrases()) {
            fq.add("text:" + quote(phrase));
        }
        for (String excluded : query.excluded()) {
            fq.add("-text:" + quote(excluded));
        }
        return fq;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** A word for Solr's standard query parser: its operators and syntax characters escaped, lower-cased. */
    static String escape(String word) {
        var out = new StringBuilder();
        for (char c : word.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if ("\\+-!():^[]\"{}~*?|&/".indexOf(c) >= 0 || Character.isWhitespace(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String vectorText(float[] vector) {
        var out = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(vector[i]);
        }
        return out.append(']').toString();
    }

    // HTTP

    private Answer query(Map<String, String> params, List<String> filter) {
        var all = new LinkedHashMap<>(params);
        JsonNode response = select(all, filter);
        var found = new ArrayList<Found>();
        for (JsonNode doc : response.path("response").path("docs")) {
            found.add(new Found(doc.path("id").asText(), (float) doc.path("score").asDouble(0), doc));
        }
        return new Answer(response.path("response").path("numFound").asLong(), found, response);
    }

    private JsonNode select(Map<String, String> params) {
        return select(params, List.of());
    }

    private JsonNode select(Map<String, String> params, List<String> filter) {
        var form = new StringBuilder("wt=json");
        params.forEach((k, v) -> form.append('&').append(encode(k)).append('=').append(encode(v)));
        filter.forEach(f -> form.append("&fq=").append(encode(f)));
        return send("/" + encode(collection) + "/select", "application/x-www-form-urlencoded",
                form.toString().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode get(String path) {
        return exchange(path, null, null);
    }

    private JsonNode send(String path, String contentType, byte[] body) {
        return exchange(path, contentType, body);
    }

    /** Tries the nodes in turn, from the last one that answered; a Solr error (4xx) is not retried elsewhere. */
    private JsonNode exchange(String path, String contentType, byte[] body) {
        IOException lastFailure = null;
        int start = preferred;
        for (int i = 0; i < nodes.size(); i++) {
            int node = (start + i) % nodes.size();
            var request = HttpRequest.newBuilder(URI.create(nodes.get(node) + path)).timeout(Duration.ofSeconds(60));
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            }
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= 500 && i + 1 < nodes.size()) {
                    lastFailure = new IOException(nodes.get(node) + " answered " + response.statusCode());
                    continue;
                }
                JsonNode json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
                if (response.statusCode() >= 300) {
                    // Solr's message can quote a whole document (a vector is thousands of characters): its start says what.
                    String message = json.path("error").path("msg").asText(json.toString());
                    throw new SolrException(nodes.get(node) + path.replaceAll("\\?.*", "") + " answered "
                            + response.statusCode() + ": " + (message.length() > 300 ? message.substring(0, 300) + "…" : message));
                }
                preferred = node;
                return json;
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SolrException("interrupted while waiting for Solr");
            }
        }
        throw new UnavailableException("no Solr node answered (" + String.join(", ", nodes) + "): " + lastFailure);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Solr refused a request, or no node could be reached. */
    static final class SolrException extends IllegalStateException {
        SolrException(String message) {
            super(message);
        }
    }
}
