package dev.paperboy.web;

import static dev.paperboy.web.CommunityFixtures.sql;
import static dev.paperboy.web.CommunityFixtures.storedCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.web.CommunityFixtures.Scripted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upvote counts stay exact when requests race: 100 members upvote one paper at the same moment, while one member
 * sends the same upvote from 20 threads and another presses the toggle button from 20 threads. Afterwards the
 * count the server keeps, the votes recounted from the votes table, and what the API shows all agree, and equal
 * the number of members who have voted.
 */
class VoteRaceTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private static final String PAPER = "2601.00001";
    private static final int IMPORTED = 7;

    private static TestApp app;
    private static final List<Scripted> crowd = new ArrayList<>();
    private static Scripted repeater;
    private static Member toggler;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        app = TestApp.create(false, NOW, Map.of("ratelimit.login", "1000/1m"));
        CommunityFixtures.paperInFeed(app, PAPER, IMPORTED, NOW.minusSeconds(3600));
        for (int i = 0; i < 100; i++) {
            crowd.add(CommunityFixtures.member(app, "voter" + i + "@example.org", Role.MEMBER));
        }
        repeater = CommunityFixtures.member(app, "repeater@example.org", Role.MEMBER);
        app.start();
        toggler = Member.signedIn(app, "toggler@example.org", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_hundred_and_forty_racing_upvotes_leave_an_exact_count_and_so_do_the_racing_removals() throws Exception {
        List<HttpResponse<String>> upvotes = race("POST");

        assertThat(upvotes).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 303));
        boolean togglerVoted = sql(app, "SELECT COUNT(*) FROM votes WHERE paper_id = ? AND user_id = ?", PAPER,
                toggler.user.id()) == 1;
        int expected = IMPORTED + 100 + 1 + (togglerVoted ? 1 : 0);
        assertExact(expected);

        List<HttpResponse<String>> removals = race("DELETE");

        assertThat(removals).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 303));
        togglerVoted = sql(app, "SELECT COUNT(*) FROM votes WHERE paper_id = ? AND user_id = ?", PAPER,
                toggler.user.id()) == 1;
        assertExact(IMPORTED + (togglerVoted ? 1 : 0));
    }

    /**
     * 100 members each send {@code method} once, the repeater sends it from 20 threads, and the toggler presses the
     * button (a form POST) from 20 threads: 140 requests released at once.
     */
    private static List<HttpResponse<String>> race(String method) throws Exception {
        var tasks = new ArrayList<Callable<HttpResponse<String>>>();
        for (Scripted member : crowd) {
            tasks.add(() -> send(api(method, member.token())));
        }
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> send(api(method, repeater.token())));
            tasks.add(() -> toggler.postForm("/papers/" + PAPER + "/upvote", Map.of("next", "/papers")));
        }
        var ready = new CountDownLatch(tasks.size());
        var go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(tasks.size())) {
            var futures = new ArrayList<Future<HttpResponse<String>>>();
            for (var task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
            var responses = new ArrayList<HttpResponse<String>>();
            for (var f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
    }

    private static HttpRequest api(String method, String token) {
        return HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/papers/" + PAPER + "/upvote"))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertExact(int expected) {
        int fromVotesTable = IMPORTED + sql(app, "SELECT COUNT(*) FROM votes WHERE paper_id = ?", PAPER);
        int kept = storedCount(app, PAPER);
        int local = sql(app, "SELECT local_upvotes FROM papers WHERE id = ?", PAPER);
        int shown = CommunityFixtures.json(app.get("/api/papers/" + PAPER)).path("upvotes").asInt();

        assertThat(fromVotesTable).as("imported + rows in the votes table").isEqualTo(expected);
        assertThat(local).as("papers.local_upvotes").isEqualTo(expected - IMPORTED);
        assertThat(kept).as("the count the server keeps").isEqualTo(expected);
        assertThat(shown).as("the count /api/papers/{id} shows").isEqualTo(expected);
    }
}
