package dev.paperboy.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.search.SearchDoc;
import dev.paperboy.search.Vectors;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Embeddings as a file, for catalogues this machine cannot embed in reasonable time: computed elsewhere (a GPU, a
 * bigger machine) with the same model and preprocessing, then imported. JSON Lines, plain or gzip ({@code .gz}),
 * one paper a line:
 *
 * <pre>{"id": "2401.00001", "model": "e5-small-v2-q", "vector": [0.0123, -0.0456, …384 numbers]}</pre>
 *
 * The vector is the mean of the last hidden states over the attention mask for the text
 * {@code "passage: " + title + ". " + abstract} (see {@link SearchDoc#embeddingText}) cut at 512 word pieces,
 * scaled to unit length. An import is checked before anything is written: every line must be well formed, of this
 * model, 384 finite numbers of unit length; and a random sample of the papers is embedded here and compared — a
 * file computed with another model, another text or another pooling is refused as a whole.
 */
public final class EmbeddingFile {
    /** Cosine between an imported vector and the local model's that a spot check requires. */
    public static final double MIN_COSINE = 0.98;
    private static final double NORM_TOLERANCE = 1e-3;
    private static final int BATCH = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file that cannot be imported: nothing was written. */
    public static final class InvalidFileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidFileException(String message) {
            super(message);
        }
    }

    /**
     * What an import did.
     *
     * @param read vectors in the file
     * @param imported vectors stored (papers in the catalogue)
     * @param unknown vectors of papers this catalogue does not have, left out
     * @param checked papers spot-checked against the local model
     * @param lowestCosine the lowest cosine among the checked ones (1 when none was checked)
     */
    public record Report(long read, long imported, long unknown, int checked, double lowestCosine) {
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "read %,d · imported %,d · not in the catalogue %,d · spot-checked %d against the local model (lowest cosine %.4f)",
                    read, imported, unknown, checked, lowestCosine);
        }
    }

    private record Line(long number, String id, float[] vector) {}

    private EmbeddingFile() {}

    /** Writes every embedding of the current model; returns how many. */
    public static long export(Catalogue catalogue, Path file) {
        long[] count = {0};
        try (Writer out = new BufferedWriter(new OutputStreamWriter(output(file), StandardCharsets.UTF_8), 1 << 16)) {
            var line = new StringBuilder(4_096);
            catalogue.forEachEmbedding(Embedder.MODEL, (id, bytes) -> {
                line.setLength(0);
                line.append("{\"id\":").append(JSON.valueToTree(id).toString())
                        .append(",\"model\":\"").append(Embedder.MODEL).append("\",\"vector\":[");
                float[] vector = Vectors.fromBytes(bytes);
                for (int d = 0; d < vector.length; d++) {
                    line.append(d == 0 ? "" : ",").append(vector[d]);
                }
                line.append("]}\n");
                try {
                    out.write(line.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
                count[0]++;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return count[0];
    }

    /**
     * Validates the whole file and spot-checks {@code sample} of its papers against the local model, then stores
     * the vectors (replacing any a paper had) and queues their papers for re-indexing, so search uses them.
     *
     * @param embedder the local model, loaded only if there is something to check
     * @throws InvalidFileException when a line is malformed or a checked vector disagrees with the local model
     */
    public static Report importFile(Path file, Catalogue catalogue, Supplier<Embedder> embedder, int sample,
            Random random, Progress progress) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("no such file: " + file));
        }

        // First pass: validate every line and draw the sample among the papers this catalogue has.
        var chosen = new ArrayList<Line>();
        long[] known = {0};
        long read = pass(file, batch -> {
            var existing = catalogue.existingIds(batch.stream().map(Line::id).toList());
            for (Line line : batch) {
                if (existing.contains(line.id())) {
                    known[0]++;
                    // Reservoir sampling: every known paper has the same chance to be checked.
                    if (chosen.size() < sample) {
                        chosen.add(line);
                    } else {
                        long slot = (long) (random.nextDouble() * known[0]);
                        if (slot < sample) {
                            chosen.set((int) slot, line);
                        }
                    }
                }
            }
        });
        double lowest = check(chosen, catalogue, embedder);
        // Second pass: store. Lines were validated above; a file changed in between is caught again by parse.
        long[] imported = {0};
        pass(file, batch -> {
            var existing = catalogue.existingIds(batch.stream().map(Line::id).toList());
            var vectors = new LinkedHashMap<String, byte[]>();
            for (Line line : batch) {
                if (existing.contains(line.id())) {
                    vectors.put(line.id(), Vectors.toBytes(line.vector()));
                }
            }
            if (!vectors.isEmpty()) {
                catalogue.saveEmbeddings(Embedder.MODEL, vectors);
            }
            imported[0] += vectors.size();
            progress.advance(imported[0], known[0]);
        });
        return new Report(read, imported[0], read - imported[0], chosen.size(), lowest);
    }

    private static double check(List<Line> chosen, Catalogue catalogue, Supplier<Embedder> embedder) {
        if (chosen.isEmpty()) {
            return 1;
        }
        var texts = new ArrayList<String>();
        for (Line line : chosen) {
            Listing listing = catalogue.find(line.id()).orElseThrow();
            texts.add(SearchDoc.embeddingText(listing.paper().title(), listing.paper().abstractText()));
        }
        float[][] local = embedder.get().embedDocuments(texts);
        double lowest = 1;
        for (int i = 0; i < chosen.size(); i++) {
            double cosine = 0;
            float[] theirs = chosen.get(i).vector();
            for (int d = 0; d < theirs.length; d++) {
                cosine += theirs[d] * local[i][d];
            }
            if (cosine < MIN_COSINE) {
                throw new InvalidFileException(String.format(java.util.Locale.ROOT,
                        "line %d: the vector of %s differs from the local model's (cosine %.3f, at least %.2f needed): "
                                + "compute vectors with %s on \"passage: \" + title + \". \" + abstract, mean-pooled "
                                + "and normalised; nothing was imported",
                        chosen.get(i).number(), chosen.get(i).id(), cosine, MIN_COSINE, Embedder.MODEL));
            }
            lowest = Math.min(lowest, cosine);
        }
        return lowest;
    }

    // Reads the file in batches of parsed, validated lines; returns how many lines held a vector.
    private static long pass(Path file, java.util.function.Consumer<List<Line>> each) {
        long count = 0;
        try (var reader = new BufferedReader(new InputStreamReader(input(file), StandardCharsets.UTF_8), 1 << 16)) {
            var batch = new ArrayList<Line>(BATCH);
            long number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                batch.add(parse(number, text));
                count++;
                if (batch.size() == BATCH) {
                    each.accept(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                each.accept(batch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return count;
    }

    private static Line parse(long number, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid(number, "not a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw invalid(number, "not a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw invalid(number, "no \"id\" (the arXiv id of the paper)");
        }
        JsonNode model = node.get("model");
        if (model == null || !Embedder.MODEL.equals(model.asText())) {
            throw invalid(number, "\"model\" is " + (model == null ? "missing" : "'" + model.asText() + "'")
                    + ", not '" + Embedder.MODEL + "': vectors of another model cannot be compared with this catalogue's");
        }
        JsonNode values = node.get("vector");
        if (values == null || !values.isArray() || values.size() != 384) {
            throw invalid(number, "\"vector\" must be an array of 384 numbers"
                    + (values != null && values.isArray() ? ", not " + values.size() : ""));
        }
        float[] vector = new float[values.size()];
        double norm = 0;
        for (int d = 0; d < vector.length; d++) {
            JsonNode value = values.get(d);
            if (!value.isNumber() || !Float.isFinite(value.floatValue())) {
                throw invalid(number, "\"vector\"[" + d + "] is not a finite number");
            }
            vector[d] = value.floatValue();
            norm += (double) vector[d] * vector[d];
        }
        if (Math.abs(Math.sqrt(norm) - 1) > NORM_TOLERANCE) {
            throw invalid(number, String.format(java.util.Locale.ROOT,
                    "\"vector\" has length %.4f; vectors must be normalised to length 1", Math.sqrt(norm)));
        }
        return new Line(number, id.asText().strip(), vector);
    }

    private static InvalidFileException invalid(long line, String reason) {
        return new InvalidFileException("line " + line + ": " + reason + "; nothing was imported");
    }

    private static InputStream input(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static OutputStream output(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(out, 1 << 16) : out;
    }
}
