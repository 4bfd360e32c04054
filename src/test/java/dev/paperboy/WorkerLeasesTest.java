package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import dev.paperboy.store.Leases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one database (each with its own data directory, as two nodes would be): each background job runs
 * on exactly one of them, and passes to the other when its node stops.
 */
class WorkerLeasesTest {
    private static final List<String> JOBS = List.of("search-index", "digest-schedule");

    @TempDir
    Path dir;

    private TestApp node(String name) {
        return TestApp.create(false, TestApp.DEMO_NOW, Map.of(
                "data.dir", dir.resolve(name).toString(),
                "database.url", TestDatabases.sharedUrl(dir.resolve("db")),
                "search.embed", "false")).start();
    }

    private static Paper paper(String id) {
        return new Paper(id, "Leases for background work " + id, "Which node indexes a paper.", List.of("A. Author"),
                List.of("cs.DC"), LocalDate.of(2025, 12, 30), LocalDate.of(2025, 12, 30), 1, null, null, null, null,
                null, List.of(), null, null, List.of());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long indexed(TestApp node) {
        return node.app().searchBackend().counts().documents();
    }

    @Test
    void each_job_runs_on_one_node_and_moves_to_the_other_when_that_node_stops() throws Exception {
        try (var db = TestDatabases.open(dir.resolve("db"))) {
            var leases = new Leases(db, Clock.fixed(TestApp.DEMO_NOW, ZoneOffset.UTC));
            var nodes = new java.util.ArrayList<TestApp>();
            try {
                nodes.add(node("a"));
                nodes.add(node("b"));
                await(() -> JOBS.stream().allMatch(job -> leases.holder(job).isPresent()), "every job has an owner");
                String owner = leases.holder("search-index").orElseThrow();

                // A paper written through either node is indexed by the owner of the job alone.
                nodes.get(1).app().catalogue().upsert(List.of(new IncomingPaper(paper("2512.00001"), 0, null)));
                await(() -> nodes.stream().anyMatch(n -> indexed(n) == 1), "a node indexed the paper");
                TestApp indexer = indexed(nodes.get(0)) == 1 ? nodes.get(0) : nodes.get(1);
                TestApp other = indexer == nodes.get(0) ? nodes.get(1) : nodes.get(0);
                await(() -> other.app().catalogue().searchQueueSize() == 0, "the owner took the paper off the queue");
                assertThat(indexed(other)).isZero();

                // The owner stops: the other node takes every job over, and indexes what comes next.
                nodes.remove(indexer);
                indexer.close();
                await(() -> JOBS.stream().allMatch(job -> leases.holder(job).filter(h -> !h.equals(owner)).isPresent()),
                        "the other node owns every job");
                other.app().catalogue().upsert(List.of(new IncomingPaper(paper("2512.00002"), 0, null)));
                await(() -> indexed(other) == 1, "the new owner indexed the next paper");
            } finally {
                nodes.forEach(TestApp::close);
            }
        }
    }
}
