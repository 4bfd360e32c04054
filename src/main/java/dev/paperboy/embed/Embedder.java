package dev.paperboy.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence-embedding model run in-process with ONNX Runtime: text in, an L2-normalised vector out. The model
 * and its tokenizer come from a Maven artifact on the classpath, so nothing is downloaded at run time.
 *
 * <p>The model, e5-small-v2 quantised to int8 reading 512 word pieces, was chosen by measurement (see the README):
 * it is the smallest of the candidates whose hybrid with BM25 reaches nDCG@10 0.74 on SciFact's test split;
 * all-MiniLM-L6-v2 embeds four times faster but stays at 0.734. e5 was trained with a role prefix on every text,
 * {@code "query: "} or {@code "passage: "}, so queries and documents are embedded by their own methods.
 *
 * <p>Thread-safe, and safe to close at any moment: the model and tokenizer live in native memory, and freeing them
 * while another thread is inside them crashes the whole JVM (SIGSEGV in {@code libonnxruntime.so}). So every call
 * registers itself while it runs; {@link #close()} asks the runs in flight to stop at their next operator, and the
 * native memory is freed by whoever leaves last. A call after close, or one stopped by it, throws
 * {@link ClosedException}.
 */
public final class Embedder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);
    // ONNX Runtime checks the terminate flag between operators (a few ms apart); this bound only matters on a
    // machine so loaded that a thread is not scheduled for that long.
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** The model every part of Paperboy uses; its name is stored with each vector. */
    public static final String MODEL = "e5-small-v2-q";
    private static final String MODEL_RESOURCE = "/e5-small-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/e5-small-v2-q-tokenizer.json";
    private static final String QUERY = "query: ";
    private static final String PASSAGE = "passage: ";
    private static final int DIMENSIONS = 384;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Object lifecycle = new Object();
    private final Set<OrtSession.RunOptions> running = new HashSet<>();
    private boolean closed;
    private boolean released;

    private final int maxTokens;

    private Embedder(int maxTokens, int threads, boolean shared) {
        this.maxTokens = maxTokens;
        // Entering first: the first getEnvironment() loads the native library and creates its global state, and a
        // JVM exiting meanwhile crashes in the library's static destructors (CI saw it: run 9 of 20 SIGTERMs).
        NativeGuard.enter();
        try (InputStream model = resource(MODEL_RESOURCE); InputStream vocabulary = resource(TOKENIZER_RESOURCE)) {
            this.environment = OrtEnvironment.getEnvironment();
            var options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            if (shared) {
                // A server's session shares the cores with requests: idle pool threads sleep instead of spinning,
                // and buffers go back to the allocator after each run instead of staying in an arena sized for
                // the largest batch ever seen (measured: 1.7 GiB at 32 x 512 word pieces, held for good).
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                options.setCPUArenaAllocator(false);
                options.setMemoryPatternOptimization(false);
            }
            this.session = environment.createSession(model.readAllBytes(), options);
            // The tokenizer file truncates at 128 tokens (~95 words); abstracts need more (~250 on average).
            this.tokenizer = HuggingFaceTokenizer.newInstance(vocabulary, Map.of(
                    "maxLength", Integer.toString(maxTokens), "truncation", "true", "padding", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the embedding model from the classpath", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the embedding model", e);
        } finally {
            NativeGuard.leave();
        }
    }

    /** The default model, reading at most {@code maxTokens} word pieces of each text, on every core. */
    public static Embedder load(int maxTokens) {
        return new Embedder(maxTokens, 0, false);
    }

    /** The same on at most {@code threads} cores, for a batch job that has the machine to itself ({@code embed}). */
    public static Embedder load(int maxTokens, int threads) {
        return new Embedder(maxTokens, threads, false);
    }

    /**
     * One session for a server's queries and its background backfill, on at most {@code threads} cores per run
     * (1: each run computes on its caller's thread, so queries run in parallel on request threads and the backfill
     * on its own). Pool threads never spin and no memory arena is kept, so the model's footprint stays near its
     * weights between batches.
     */
    public static Embedder loadShared(int maxTokens, int threads) {
        return new Embedder(maxTokens, threads, true);
    }

    /** The most word pieces of a text the model reads; longer texts are truncated. */
    public int maxTokens() {
        return maxTokens;
    }

    public int dimensions() {
        return DIMENSIONS;
    }

    /** The vector of a search query. */
    public float[] embedQuery(String query) {
        return embed(List.of(QUERY + query))[0];
    }

    /** The vectors of documents (title and abstract); batches of 16–64 texts of similar length use the cores best. */
    public float[][] embedDocuments(List<String> documents) {
        return embed(documents.stream().map(d -> PASSAGE + d).toList());
    }

    /**
     * How many word pieces the model reads of each document (at most {@link #maxTokens()}): documents batched with
     * others of similar length are padded less, and padding is computed like any other token.
     */
    public int[] documentTokens(List<String> documents) {
        int[] counts = new int[documents.size()];
        if (documents.isEmpty()) {
            return counts;
        }
        OrtSession.RunOptions run = enter();
        try {
            for (int i = 0; i < counts.length; i++) {
                int count = 0;
                for (long kept : tokenizer.encode(PASSAGE + documents.get(i)).getAttentionMask()) {
                    count += (int) kept;
                }
                counts[i] = count;
            }
            return counts;
        } finally {
            leave(run);
        }
    }

    private float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        OrtSession.RunOptions run = enter();
        try {
            return embed(texts, run);
        } finally {
            leave(run);
        }
    }

    private OrtSession.RunOptions enter() {
        synchronized (lifecycle) {
            if (closed) {
                throw new ClosedException();
            }
            NativeGuard.enter();
            try {
                var run = new OrtSession.RunOptions();
                NativeGuard.track(run);
                running.add(run);
                return run;
            } catch (OrtException | RuntimeException e) {
                NativeGuard.leave();
                throw e instanceof ClosedException closing ? closing
                        : new IllegalStateException("ONNX Runtime cannot start a run", e);
            }
        }
    }

    private void leave(OrtSession.RunOptions run) {
        NativeGuard.untrack(run);
        synchronized (lifecycle) {
            running.remove(run);
            run.close();
            NativeGuard.leave();
            if (closed && running.isEmpty()) {
                release();
            }
            lifecycle.notifyAll();
        }
    }

    private float[][] embed(List<String> texts, OrtSession.RunOptions run) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[][] ids = new long[batch][];
        long[][] mask = new long[batch][];
        long[][] types = new long[batch][];
        for (int i = 0; i < batch; i++) {
            ids[i] = encodings[i].getIds();
            mask[i] = encodings[i].getAttentionMask();
            types[i] = encodings[i].getTypeIds();
        }
        try (var idTensor = OnnxTensor.createTensor(environment, ids);
                var maskTensor = OnnxTensor.createTensor(environment, mask);
                var typeTensor = OnnxTensor.createTensor(environment, types)) {
            var inputs = new java.util.HashMap<String, OnnxTensor>(Map.of("input_ids", idTensor, "attention_mask", maskTensor));
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (var result = session.run(inputs, run)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] vectors = new float[batch][];
                for (int i = 0; i < batch; i++) {
                    vectors[i] = meanPool(hidden[i], mask[i], length);
                }
                return vectors;
            }
        } catch (OrtException e) {
            synchronized (lifecycle) {
                if (closed || NativeGuard.exiting()) {
                    throw new ClosedException();
                }
            }
            throw new IllegalStateException("the embedding model failed on a batch of " + batch + " texts", e);
        }
    }

    // Average the token vectors the attention mask keeps, then scale to unit length so that dot product = cosine.
    private static float[] meanPool(float[][] tokens, long[] mask, int length) {
        float[] sum = new float[DIMENSIONS];
        int count = 0;
        for (int t = 0; t < length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < DIMENSIONS; d++) {
                sum[d] += tokens[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < DIMENSIONS; d++) {
            sum[d] /= Math.max(count, 1);
            norm += sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < DIMENSIONS; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    private static InputStream resource(String name) {
        InputStream in = Embedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the embedding model " + name + " is missing from the classpath");
        }
        return in;
    }

    /**
     * Stops the runs in flight at their next operator (their callers get {@link ClosedException}), refuses new
     * ones, and frees the model once no thread is inside it. Waits a bounded time for the runs to leave, so that a
     * JVM exiting right after this call has no thread inside the native library; never frees memory in use.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            for (var run : running) {
                try {
                    run.setTerminate(true);
                } catch (OrtException e) {
                    LOG.warn("Cannot ask an embedding run to stop: {}", e.getMessage());
                }
            }
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} embedding run(s) did not stop within {} s; the model is freed when they do",
                            running.size(), CLOSE_WAIT.toSeconds());
                    return;
                }
                try {
                    lifecycle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            release();
        }
    }

    /** Whether {@link #close()} has been called; the native memory may still be held by a run leaving. */
    public boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    // Called with the lifecycle lock held, once no run is in flight.
    private void release() {
        // When the JVM is exiting, the process frees everything anyway; freeing here would race the native exit.
        if (released || !NativeGuard.tryEnter()) {
            return;
        }
        released = true;
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the embedding model failed: {}", e.getMessage());
        } finally {
            tokenizer.close();
            NativeGuard.leave();
        }
    }

    /** The embedder was closed before or during the call: the work was abandoned, nothing is wrong with it. */
    public static final class ClosedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("the embedding model was closed (the server is shutting down)");
        }
    }
}
