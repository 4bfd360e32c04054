package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "For you" over HTTP, with the background computing lists as in production (the tests poll, never sleep). */
class ForYouTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static TestApp app;
    private static List<Listing> recent;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false", "recommend.interval", "PT0.2S")).start();
        recent = app.app().catalogue().feed(new Catalogue.FeedQuery(LocalDate.parse("2025-12-24"), null, null, false, null),
                Catalogue.Order.NEWEST, 0, 200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void an_upvote_gives_a_list_and_another_upvote_changes_it() throws Exception {
        Member ada = Member.signedIn(app, "ada-foryou@example.org", Role.MEMBER);
        ada.postForm("/papers/" + recent.get(0).paper().id() + "/upvote", Map.of());
        List<String> first = waitFor(ada, ids -> !ids.isEmpty());

        ada.postForm("/papers/" + recent.get(recent.size() - 1).paper().id() + "/upvote", Map.of());

        List<String> second = waitFor(ada, ids -> !ids.isEmpty() && !ids.equals(first));
        assertThat(second).doesNotContain(recent.get(0).paper().id(), recent.get(recent.size() - 1).paper().id());
    }

    @Test
    void a_save_changes_the_list() throws Exception {
        Member bea = Member.signedIn(app, "bea-foryou@example.org", Role.MEMBER);
        bea.postForm("/papers/" + recent.get(1).paper().id() + "/save", Map.of());
        List<String> first = waitFor(bea, ids -> !ids.isEmpty());

        bea.postForm("/papers/" + recent.get(recent.size() / 2).paper().id() + "/save", Map.of());

        waitFor(bea, ids -> !ids.isEmpty() && !ids.equals(first));
    }

    @Test
    void not_interested_hides_a_paper_at_once_and_undo_brings_it_back() throws Exception {
        Member cy = Member.signedIn(app, "cy-foryou@example.org", Role.MEMBER);
        cy.postForm("/papers/" + recent.get(2).paper().id() + "/upvote", Map.of());
        String top = waitFor(cy, ids -> !ids.isEmpty()).getFirst();

        var hide = cy.postForm("/papers/" + top + "/not-interested", Map.of());

        assertThat(hide.statusCode()).isEqualTo(303);
        assertThat(hide.headers().firstValue("Location")).hasValue("/for-you?hidden=" + top);
        assertThat(ids(cy)).doesNotContain(top);
        assertThat(cy.get("/for-you?hidden=" + top).body()).contains("Undo");

        cy.postForm("/papers/" + top + "/not-interested", Map.of("undo", "1"));

        waitFor(cy, ids -> ids.contains(top));
    }

    @Test
    void every_reason_names_a_paper_the_member_upvoted_or_saved() throws Exception {
        Member dee = Member.signedIn(app, "dee-foryou@example.org", Role.MEMBER);
        Set<String> mine = Set.of(recent.get(3).paper().id(), recent.get(10).paper().id());
        dee.postForm("/papers/" + recent.get(3).paper().id() + "/upvote", Map.of());
        dee.postForm("/papers/" + recent.get(10).paper().id() + "/save", Map.of());
        waitFor(dee, ids -> ids.size() >= 3);

        JsonNode papers = api(dee).path("papers");
        int reasons = 0;
        for (JsonNode p : papers) {
            for (JsonNode closest : p.path("why").path("closest")) {
                assertThat(mine).contains(closest.path("id").asText());
                String title = app.app().catalogue().find(closest.path("id").asText()).orElseThrow().paper().title();
                assertThat(closest.path("title").asText()).isEqualTo(title);
                reasons++;
            }
        }
        assertThat(reasons).isPositive();
        String page = dee.get("/for-you").body();
        assertThat(page).contains("Why:").contains(View.paperPath(recent.get(3).paper().id()));
    }

    @Test
    void a_new_member_picks_a_category_and_gets_papers_from_it() throws Exception {
        Member eve = Member.signedIn(app, "eve-foryou@example.org", Role.MEMBER);
        assertThat(eve.get("/for-you").body()).contains("Tell Paperboy what you read");
        String category = recent.stream().map(l -> l.paper().primaryCategory()).filter(c -> c != null).findFirst().orElseThrow();

        var start = eve.postForm("/for-you/start", Map.of("category", category));

        assertThat(start.statusCode()).isEqualTo(303);
        List<String> ids = waitFor(eve, list -> !list.isEmpty());
        for (String id : ids) {
            assertThat(app.app().catalogue().find(id).orElseThrow().paper().categories()).contains(category);
        }
        assertThat(api(eve).path("follows").get(0).path("value").asText()).isEqualTo(category);
    }

    @Test
    void an_author_page_lists_their_papers_and_a_member_can_follow_them() throws Exception {
        Listing paper = recent.stream().filter(l -> !l.paper().authors().isEmpty()).findFirst().orElseThrow();
        String name = paper.paper().authors().getFirst();
        Member fay = Member.signedIn(app, "fay-foryou@example.org", Role.MEMBER);

        var page = fay.get("/authors/" + View.url(name));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("not verified identities").contains(paper.paper().id());
        fay.postForm("/follow", Map.of("kind", "author", "value", name, "next", "/authors/" + View.url(name)));
        assertThat(fay.get("/authors/" + View.url(name)).body()).contains("Following");
        List<String> ids = waitFor(fay, list -> !list.isEmpty());
        assertThat(api(fay).path("papers").get(0).path("why").path("followedAuthors").get(0).asText()).isEqualTo(name);
        assertThat(ids).isNotEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Piotr Dollár", "Piotr Dollar", "P. Dollar", "Dollar, P.",
            "dollar p"})
    void an_author_page_finds_the_name_typed_without_accents_or_with_initials(String typed) {
        // Piotr Dollár's three papers in the demo catalogue.
        String page = app.get("/authors/" + View.url(typed)).body();

        for (String id : List.of("2512.18099", "2511.16719", "2511.16624")) {
            assertThat(page).contains(View.paperPath(id));
        }
    }

    @Test
    void an_author_page_finds_an_umlaut_written_out() {
        assertThat(app.get("/authors/" + View.url("Sebastian Mueller")).body()).contains(View.paperPath("2512.16144"));
        assertThat(app.get("/authors/" + View.url("Sebastian Muller")).body()).contains(View.paperPath("2512.16144"));
    }

    @Test
    void the_list_needs_a_member() {
        assertThat(app.get("/api/recommendations").statusCode()).isEqualTo(401);
        assertThat(app.get("/for-you").statusCode()).isEqualTo(303);
    }

    private static JsonNode api(Member member) throws Exception {
        var response = member.get("/api/recommendations");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ids(Member member) throws Exception {
        var ids = new ArrayList<String>();
        api(member).path("papers").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    /** Polls the member's list (computed in the background) until it satisfies the condition. */
    private static List<String> waitFor(Member member, Predicate<List<String>> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> ids = ids(member);
        while (!condition.test(ids)) {
            assertThat(System.nanoTime()).as("the list never satisfied the condition; last: %s", ids).isLessThan(deadline);
            Thread.sleep(50);
            ids = ids(member);
        }
        return ids;
    }
}
