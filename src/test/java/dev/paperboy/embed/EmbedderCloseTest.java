package dev.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the model while another thread is inside it. Before the model tracked its runs, this crashed the JVM
 * (SIGSEGV in libonnxruntime.so), which surefire reports as a fork that "terminated without saying goodbye".
 */
class EmbedderCloseTest {
    private static final List<String> LONG_BATCH = Collections.nCopies(32,
            "We investigate adaptive batch size strategies derived from adaptive sampling methods, traditionally "
                    + "applied only in stochastic gradient descent, for adaptive gradient methods. ".repeat(6));

    @Test
    void closing_while_another_thread_embeds_stops_that_thread_instead_of_crashing_the_jvm() throws Exception {
        var embedder = Embedder.load(512, 1);
        var firstBatchDone = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                while (true) {
                    embedder.embedDocuments(LONG_BATCH);
                    firstBatchDone.countDown();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertThat(firstBatchDone.await(5, TimeUnit.MINUTES)).isTrue();

        embedder.close();

        // Generous: on a starved machine the worker may not be scheduled for a while; it never waits on anything.
        assertThat(worker.join(Duration.ofMinutes(2))).isTrue();
        assertThat(failure.get()).isInstanceOf(Embedder.ClosedException.class);
        assertThat(embedder.isClosed()).isTrue();
    }

    @Test
    void a_closed_model_refuses_work_with_a_clear_exception() {
        var embedder = Embedder.load(128, 1);
        embedder.close();
        embedder.close();

        assertThatThrownBy(() -> embedder.embedQuery("adaptive batch size"))
                .isInstanceOf(Embedder.ClosedException.class)
                .hasMessageContaining("closed");
    }
}
