package dev.paperboy.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The Lucene index of every paper: BM25 over title, abstract and authors, HNSW vectors for semantic search, and
 * the fields that filters and sorts need. One process writes it (the server, or a CLI job when no server runs);
 * searches see writes after {@link #refresh()}.
 */
final class SearchIndex implements AutoCloseable {
    static final String ID = "id";
    static final String TITLE = "title";
    static final String ABSTRACT = "abstract";
    /** Title, abstract and author names together: what BM25 scores. */
    static final String TEXT = "text";
    static final String AUTHORS = "authors";
    static final String CATEGORY = "cat";
    static final String PUBLISHED = "published";
    static final String UPVOTES = "upvotes";
    static final String CODE = "code";
    static final String VECTOR = "vector";
    /** Exact keys (see {@link Names}): the whole title, the name before its colon, authors' names and surnames. */
    static final String TITLE_KEY = "title_key";
    static final String HEAD_KEY = "head_key";
    static final String NAME_KEY = "name_key";
    static final String SURNAME_KEY = "surname_key";

    /**
     * The version of the document layout, stored with every commit; an index written with another one is rebuilt
     * (2: exact keys for titles, title heads, author names and surnames; 3: offsets in the title's and abstract's
     * postings, and no stored copy of the vector; 4: nothing stored, the id in doc values; 5: names also keyed with
     * initials, surname first, and umlauts written out).
     */
    static final String SCHEMA = "5";

    /**
     * Title and abstract are shown with the query's words marked: their postings keep each word's offsets, so the
     * highlighter reads where the words are instead of analysing 20 abstracts again for every page of hits (it was
     * over a third of a search's CPU). The texts themselves are not stored: whoever shows a hit reads its row from
     * the database anyway, and decompressing stored fields for each hit was an eighth of a search's CPU.
     */
    private static final FieldType SHOWN_TEXT = shownText();

    private static FieldType shownText() {
        var type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    /** BM25 with Anserini's tuned parameters for abstracts; measured on SciFact's train split (see README). */
    static final BM25Similarity SIMILARITY = new BM25Similarity(0.9f, 0.4f);

    /**
     * Vectors are searched as 7-bit integers: the graph search reads a quarter of the bytes it read as floats (29 instead
     * of 115 MB of mapped index for 74,728 papers, all of it touched by a day of searches) at the same search quality
     * (README, "Semantic search"). The floats stay in the index for "similar papers" and merges. Segments written
     * before keep their floats until they are merged or the index is rebuilt; both kinds search together.
     */
    private static final Codec CODEC = new Lucene104Codec() {
        private final KnnVectorsFormat vectors =
                new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SEVEN_BIT, 16, 100);

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    };

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final String replacedLayout;

    private SearchIndex(Directory directory) throws IOException {
        this.directory = directory;
        this.analyzer = analyzer();
        var config = new IndexWriterConfig(analyzer).setSimilarity(SIMILARITY).setRAMBufferSizeMB(64).setCodec(CODEC);
        String layout = DirectoryReader.indexExists(directory)
                ? SegmentInfos.readLatestCommit(directory).getUserData().getOrDefault("schema", "1") : SCHEMA;
        if (!SCHEMA.equals(layout)) {
            // Lucene refuses a field indexed two ways in one index, even after deleting every document, so a new
            // index replaces it (the old one stays on disk until the new one's first commit).
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        }
        this.replacedLayout = SCHEMA.equals(layout) ? null : layout;
        this.writer = new IndexWriter(directory, config);
        try {
            this.searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
                    var searcher = new IndexSearcher(reader);
                    searcher.setSimilarity(SIMILARITY);
                    return searcher;
                }
            });
        } catch (IOException | RuntimeException e) {
            // A segment the writer accepted but cannot be read (a truncated file): let go of the lock, so that the
            // caller can move the index aside and start a new one.
            writer.rollback();
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the index in {@code dir}.
     *
     * @throws SearchBackend.IndexLockedException when another process holds it
     */
    public static SearchIndex open(Path dir) {
        Directory directory = null;
        try {
            directory = FSDirectory.open(dir);
            return new SearchIndex(directory);
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new SearchBackend.IndexLockedException(dir.toString());
        } catch (IOException | RuntimeException e) {
            closeQuietly(directory);
            throw new DamagedIndexException(dir, e);
        }
    }

    /**
     * Opens the index in {@code dir} and reads every segment's documents and vectors once, so that a damaged file
     * is found now rather than by the first search.
     *
     * @throws DamagedIndexException when a file is missing or damaged
     */
    public static SearchIndex openVerified(Path dir) {
        SearchIndex index = open(dir);
        try {
            index.counts();
            return index;
        } catch (RuntimeException e) {
            try {
                index.writer.rollback();
                index.directory.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing; the first error is the one to report
            }
            throw new DamagedIndexException(dir, e);
        }
    }

    private static void closeQuietly(Directory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    /** The index cannot be read (a damaged or missing file); it is derived data, rebuilt from the database. */
    public static final class DamagedIndexException extends IllegalStateException {
        public DamagedIndexException(Path dir, Throwable cause) {
            super("cannot open the search index in " + dir + ": " + cause, cause);
        }
    }

    /** An index in memory, for evaluations and tests. */
    public static SearchIndex inMemory() {
        try {
            return new SearchIndex(new ByteBuffersDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Title and abstract are stemmed English; author names are only lower-cased, and never match across two authors. */
    static Analyzer analyzer() {
        Analyzer authors = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                var tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer)));
            }

            @Override
            public int getPositionIncrementGap(String fieldName) {
                return 100;
            }
        };
        return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), Map.of(AUTHORS, authors));
    }

    Analyzer analyzerForSearch() {
        return analyzer;
    }

    /** Adds or replaces documents by id. */
    public void add(List<SearchDoc> docs) {
        try {
            for (SearchDoc doc : docs) {
                writer.updateDocument(new Term(ID, doc.id()), document(doc));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the search index", e);
        }
    }

    /** Sets papers' upvote counts in place: a vote changes one number, not the document and its vector. */
    public void updateUpvotes(Map<String, Integer> upvotes) {
        if (upvotes.isEmpty() || writer.getDocStats().numDocs == 0) {
            // Nothing to update in an empty index (one being rebuilt): Lucene refuses a doc-values update for a field
            // no document has, and the papers, when indexed, carry their counts.
            return;
        }
        try {
            for (var e : upvotes.entrySet()) {
                writer.updateNumericDocValue(new Term(ID, e.getKey()), UPVOTES, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the search index", e);
        }
    }

    private static Document document(SearchDoc doc) {
        var d = new Document();
        d.add(new StringField(ID, doc.id(), Field.Store.NO));
        d.add(new SortedDocValuesField(ID, new BytesRef(doc.id())));
        d.add(new Field(TITLE, doc.title(), SHOWN_TEXT));
        d.add(new Field(ABSTRACT, doc.abstractText(), SHOWN_TEXT));
        d.add(new TextField(TEXT, doc.title() + "\n" + doc.abstractText() + "\n" + String.join(", ", doc.authors()),
                Field.Store.NO));
        for (String author : doc.authors()) {
            d.add(new TextField(AUTHORS, author, Field.Store.NO));
            for (String key : Names.nameKeys(author)) {
                d.add(new StringField(NAME_KEY, key, Field.Store.NO));
            }
            for (String surname : Names.surnames(author)) {
                d.add(new StringField(SURNAME_KEY, surname, Field.Store.NO));
            }
        }
        String titleKey = Names.key(doc.title());
        if (!titleKey.isEmpty()) {
            d.add(new StringField(TITLE_KEY, titleKey, Field.Store.NO));
        }
        String head = Names.head(doc.title());
        if (head != null) {
            d.add(new StringField(HEAD_KEY, Names.key(head), Field.Store.NO));
        }
        for (String category : doc.categories()) {
            d.add(new StringField(CATEGORY, category, Field.Store.NO));
        }
        if (doc.published() != null) {
            long day = doc.published().toEpochDay();
            d.add(new LongPoint(PUBLISHED, day));
            d.add(new NumericDocValuesField(PUBLISHED, day));
        }
        d.add(new NumericDocValuesField(UPVOTES, doc.upvotes()));
        d.add(new StringField(CODE, doc.hasCode() ? "1" : "0", Field.Store.NO));
        if (doc.vector() != null) {
            // Not stored as well: 1.5 kB in every stored-fields block made each read of a title decompress vectors.
            d.add(new KnnFloatVectorField(VECTOR, doc.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return d;
    }

    /** Makes every write so far durable, with {@code data} (e.g. a progress marker) stored in the commit. */
    public void commit(Map<String, String> data) {
        try {
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the search index", e);
        }
    }

    /** The layout of the index found on disk when it was not this version's and a new one replaced it, or null. */
    String replacedLayout() {
        return replacedLayout;
    }

    /** True when the index was last committed with this version's document layout ({@link #SCHEMA}). */
    public boolean hasCurrentSchema() {
        return SCHEMA.equals(commitData().get("schema"));
    }

    /** The data stored with the last commit. */
    public Map<String, String> commitData() {
        var data = new HashMap<String, String>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /** Documents in the latest view (without counting vectors, as {@link #counts()} does). */
    int documents() {
        try (Snapshot snapshot = acquire()) {
            return snapshot.searcher().getIndexReader().numDocs();
        }
    }

    /** The index's segments in the latest view: each has its own vector graph, which every k-NN search walks. */
    int segments() {
        try (Snapshot snapshot = acquire()) {
            return snapshot.searcher().getIndexReader().leaves().size();
        }
    }

    /** Merges every segment into one, commits and refreshes; takes about 10 s of one core for 75,000 papers. */
    void mergeIntoOne(Map<String, String> data) {
        try {
            writer.forceMerge(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the search index", e);
        }
        commit(data);
        refresh();
    }

    /** Makes writes visible to searches. */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the search index", e);
        }
    }

    /** A point-in-time view for one request; close it when done. */
    public Snapshot acquire() {
        try {
            return new Snapshot(searchers, searchers.acquire());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Documents in the index, and how many of them have a vector. */
    public int[] counts() {
        try (Snapshot snapshot = acquire()) {
            var reader = snapshot.searcher().getIndexReader();
            int vectors = 0;
            for (var leaf : reader.leaves()) {
                var values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values != null) {
                    var live = leaf.reader().getLiveDocs();
                    var it = values.iterator();
                    for (int doc = it.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            vectors++;
                        }
                    }
                }
            }
            return new int[] {reader.numDocs(), vectors};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every document (for a rebuild). */
    public void clear() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The paper ids of {@code docs} (in any order), from doc values: a lookup in a small terms dictionary, where a
     * stored field meant decompressing a block of documents for each hit.
     */
    static String[] ids(IndexSearcher searcher, int[] docs) throws IOException {
        var ids = new String[docs.length];
        var leaves = searcher.getIndexReader().leaves();
        org.apache.lucene.index.SortedDocValues values = null;
        int leafIndex = -1;
        for (int i : inDocOrder(docs)) {
            int leaf = org.apache.lucene.index.ReaderUtil.subIndex(docs[i], leaves);
            if (leaf != leafIndex) {
                leafIndex = leaf;
                values = leaves.get(leaf).reader().getSortedDocValues(ID);
            }
            int local = docs[i] - leaves.get(leaf).docBase;
            if (values == null || !values.advanceExact(local)) {
                throw new IllegalStateException("document " + docs[i] + " has no id: the index is damaged");
            }
            ids[i] = values.lookupOrd(values.ordValue()).utf8ToString();
        }
        return ids;
    }

    /** The positions of {@code docs} sorted by document: per-segment readers only move forwards. */
    static Integer[] inDocOrder(int[] docs) {
        Integer[] order = new Integer[docs.length];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
        return order;
    }

    /** A searcher held for the duration of one request, so that doc ids stay valid across its steps. */
    public record Snapshot(SearcherManager manager, IndexSearcher searcher) implements AutoCloseable {
        @Override
        public void close() {
            try {
                manager.release(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
