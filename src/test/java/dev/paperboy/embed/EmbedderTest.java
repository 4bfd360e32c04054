package dev.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real embedding model from the classpath: unit vectors, stable, and closer for closer meanings. */
class EmbedderTest {
    private static Embedder embedder;

    @BeforeAll
    static void load() {
        embedder = Embedder.load(512);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void a_text_becomes_a_unit_vector_of_384_dimensions() {
        float[] vector = embedder.embedQuery("adaptive batch size");

        assertThat(vector).hasSize(embedder.dimensions()).hasSize(384);
        assertThat(dot(vector, vector)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void the_same_text_gets_the_same_vector() {
        assertThat(embedder.embedQuery("adaptive batch size")).containsExactly(embedder.embedQuery("adaptive batch size"));
    }

    @Test
    void a_query_and_a_document_with_the_same_words_get_different_vectors() {
        // e5 was trained with "query: " and "passage: " prefixes; leaving them out costs quality.
        float[] query = embedder.embedQuery("adaptive batch size");
        float[] document = embedder.embedDocuments(List.of("adaptive batch size"))[0];

        assertThat(dot(query, document)).isLessThan(0.999).isGreaterThan(0.8);
    }

    @Test
    void a_text_in_a_padded_batch_gets_nearly_the_vector_it_gets_alone() {
        String shortText = "adaptive batch size";
        String longText = "We investigate adaptive batch size strategies derived from adaptive sampling methods, "
                + "traditionally applied only in stochastic gradient descent, for adaptive gradient methods.";

        float[][] batch = embedder.embedDocuments(List.of(shortText, longText));

        // Not bit-identical: the int8 model quantises its activations with scales computed over the whole batch, so
        // a text's neighbours in the batch move it a little (cosine 0.991 for the padded one and 0.995 for the other,
        // measured).
        assertThat(dot(batch[0], embedder.embedDocuments(List.of(shortText))[0])).isGreaterThan(0.98);
        assertThat(dot(batch[1], embedder.embedDocuments(List.of(longText))[0])).isGreaterThan(0.98);
    }

    @Test
    void texts_about_the_same_thing_are_closer_than_unrelated_texts() {
        float[] query = embedder.embedQuery("adaptive batch size schedules for training neural networks");
        float[][] documents = embedder.embedDocuments(List.of(
                "increasing the mini-batch during optimisation of deep models",
                "a recipe for chocolate cake with raspberries"));

        // e5's cosines crowd together (unrelated texts still score ~0.7), so the margin is smaller than MiniLM's.
        assertThat(dot(query, documents[0])).isGreaterThan(dot(query, documents[1]) + 0.05);
    }

    @Test
    void a_text_longer_than_the_model_reads_is_truncated_not_refused() {
        float[] vector = embedder.embedDocuments(List.of("gradient ".repeat(5_000)))[0];

        assertThat(dot(vector, vector)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void an_empty_batch_is_no_vectors() {
        assertThat(embedder.embedDocuments(List.of())).isEmpty();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
