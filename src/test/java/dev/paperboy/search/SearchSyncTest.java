package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.embed.Embedder;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A paper is keyword-searchable as soon as it is imported: the server's background sync indexes it, no model needed. */
class SearchSyncTest {
    // The background sync rests 500 ms when it finds nothing to do; a few of its rounds is plenty.
    private static final Duration PATIENCE = Duration.ofSeconds(3);

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, TestApp.DEMO_NOW, Map.of("search.embed", "false")).start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_paper_imported_while_the_server_runs_is_found_within_seconds_without_an_embedding() throws IOException {
        Path snapshot = Files.createTempFile(app.dataDir(), "snapshot", ".jsonl");
        Files.writeString(snapshot, """
                {"id": "2512.98001", "title": "Quokkafication of sparse transformers", "abstract": "We quokkafy attention heads.", \
                "authors": "Ada Author and Bo Builder", "categories": "cs.LG", "update_date": "2025-12-20", \
                "versions": [{"created": "Sat, 20 Dec 2025 00:00:00 GMT", "version": "v1"}]}
                """);

        var report = app.app().snapshotImporter().importFile(snapshot, Progress.NONE);

        assertThat(report.counts().inserted()).isEqualTo(1);
        HttpResponse<String> found = poll("/api/papers/search?q=quokkafication", r -> r.body().contains("2512.98001"));
        assertThat(found.body()).contains("\"type\":\"highlight\",\"text\":\"Quokkafication\"");
        assertThat(poll("/search?q=quokkafy+attention", r -> r.body().contains("data-paper-id=\"2512.98001\"")).statusCode())
                .isEqualTo(200);
        assertThat(app.app().catalogue().embeddedCount(Embedder.MODEL)).as("found by keywords alone").isZero();
    }

    @Test
    void indexing_everything_from_the_catalogue_leaves_the_queues_and_skips_vectors_of_another_model() {
        try (var demo = TestApp.withDemo(Map.of("search.embed", "false"))) {
            var catalogue = demo.app().catalogue();
            // An embedding of an earlier model, which no server has forgotten yet (as in a copy made by migrate).
            catalogue.saveEmbeddings("an-earlier-model", Map.of(catalogue.ids().getFirst(), new byte[384 * 4]));
            long queued = catalogue.searchQueueSize();

            try (var index = SearchBackends.inMemory(null, SearchBackend.Settings.DEFAULT)) {
                long indexed = new SearchSync(catalogue, index).indexAll(Embedder.MODEL, Progress.NONE);

                assertThat(indexed).isEqualTo(catalogue.count());
                assertThat(index.counts()).isEqualTo(new SearchBackend.Counts(catalogue.count(),
                        catalogue.embeddedCount(Embedder.MODEL)));
            }
            assertThat(catalogue.searchQueueSize()).isEqualTo(queued);
        }
    }

    @Test
    void a_paper_added_to_the_catalogue_is_found_by_its_author() {
        var paper = new Paper("2512.98002", "Wombat-scale language models", "Burrowing into scaling laws.",
                List.of("Wilhelmina Wombatson"), List.of("cs.CL"), LocalDate.of(2025, 12, 21), LocalDate.of(2025, 12, 21),
                1, null, null, null, null, null, List.of(), null, null, List.of());

        app.app().catalogue().upsert(List.of(new IncomingPaper(paper, 0, null)));

        poll("/api/papers/search?q=" + "author:Wombatson", r -> r.body().contains("2512.98002"));
    }

    @Test
    void re_importing_a_paper_replaces_it_in_the_index_rather_than_adding_a_second_copy() {
        var first = new Paper("2512.98003", "Platypus priors", "Egg-laying mammals as priors.", List.of("Pat Platt"),
                List.of("stat.ML"), LocalDate.of(2025, 12, 22), LocalDate.of(2025, 12, 22), 1, null, null, null, null,
                null, List.of(), null, null, List.of());
        app.app().catalogue().upsert(List.of(new IncomingPaper(first, 0, null)));
        poll("/api/papers/search?q=platypus", r -> r.body().contains("2512.98003"));

        var revised = new Paper("2512.98003", "Platypus priors, revised", "Echidna priors too.", List.of("Pat Platt"),
                List.of("stat.ML"), LocalDate.of(2025, 12, 22), LocalDate.of(2025, 12, 23), 2, null, null, null, null,
                null, List.of(), null, null, List.of());
        app.app().catalogue().upsert(List.of(new IncomingPaper(revised, 0, null)));

        poll("/api/papers/search?q=echidna", r -> r.body().contains("2512.98003"));
        var keywordOnly = new PaperSearch(((LuceneBackend) app.app().searchBackend()).luceneIndex(), null, SearchBackend.Settings.DEFAULT);
        var result = keywordOnly.search(new SearchBackend.Request(QuerySyntax.parse("platypus"), SearchBackend.Filters.NONE,
                SearchBackend.Order.RELEVANCE, SearchBackend.Mode.BM25, 0, 10));
        assertThat(result.hits()).extracting(SearchBackend.Hit::id).containsExactly("2512.98003");
        assertThat(result.hits().getFirst().title().segments(revised.title())).containsExactly(
                new SearchBackend.Segment(true, "Platypus"), new SearchBackend.Segment(false, " priors, revised"));
    }

    @Test
    void a_vote_reorders_search_by_upvotes_without_re_indexing_the_paper() {
        var catalogue = app.app().catalogue();
        for (String id : List.of("2512.98010", "2512.98011")) {
            var paper = new Paper(id, "Numbat navigation " + id, "Termite-trail planning.", List.of("Nell Numbat"),
                    List.of("cs.RO"), LocalDate.of(2025, 12, 22), LocalDate.of(2025, 12, 22), 1, null, null, null, null,
                    null, List.of(), null, null, List.of());
            catalogue.upsert(List.of(new IncomingPaper(paper, id.endsWith("10") ? 3 : 0, null)));
        }
        poll("/search?q=numbat&sort=upvotes", r -> r.body().indexOf("2512.98010") >= 0
                && r.body().indexOf("2512.98010") < r.body().indexOf("2512.98011"));
        var accounts = app.app().community().accounts();
        var votes = app.app().community().votes();
        for (int i = 0; i < 5; i++) {
            var member = accounts.create("numbat" + i + "@example.org", "Numbat fan " + i, dev.paperboy.community.Role.MEMBER);
            votes.upvote(member, "2512.98011");
        }

        assertThat(catalogue.searchQueueSize()).as("votes do not queue the paper for re-indexing").isZero();
        poll("/search?q=numbat&sort=upvotes", r -> r.body().indexOf("2512.98011") >= 0
                && r.body().indexOf("2512.98011") < r.body().indexOf("2512.98010"));
    }

    private static HttpResponse<String> poll(String path, Predicate<HttpResponse<String>> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> response = app.get(path);
        while (!done.test(response) && System.nanoTime() < deadline) {
            sleep();
            response = app.get(path);
        }
        assertThat(done.test(response)).as("within %s: %s → %s", PATIENCE, path, response.body()).isTrue();
        return response;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
