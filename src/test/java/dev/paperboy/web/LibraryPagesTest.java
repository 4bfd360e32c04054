package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library pages: {@code /library} lists what a member saved, {@code /library.bib} and {@code /library.json} export it. */
class LibraryPagesTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, NOW, Map.of("ratelimit.login", "1000/1m"));
        for (int i = 1; i <= 3; i++) {
            CommunityFixtures.paperInFeed(app, "2601.0000" + i, 1, NOW.minusSeconds(600L * i));
        }
        app.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_library_lists_the_saved_papers_and_exports_them_as_bibtex_and_json() {
        var member = Member.signedIn(app, "reader@example.org", Role.MEMBER);
        member.postForm("/papers/2601.00001/save", Map.of());
        member.postForm("/papers/2601.00003/save", Map.of());

        String page = member.get("/library").body();
        assertThat(page).contains("data-paper-id=\"2601.00001\"").contains("data-paper-id=\"2601.00003\"")
                .doesNotContain("data-paper-id=\"2601.00002\"").contains("href=\"/library.bib\"");

        var bib = member.get("/library.bib");
        assertThat(bib.statusCode()).isEqualTo(200);
        assertThat(bib.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-bibtex"));
        assertThat(bib.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"library.bib\"");
        assertThat(bib.body()).contains("@misc{author2026paper,")
                .contains("eprint={2601.00001}").contains("eprint={2601.00003}").doesNotContain("2601.00002")
                .contains("title={{Paper 2601.00001}}").contains("author={Ada Author and Bo Writer}")
                .contains("archivePrefix={arXiv}").contains("url={https://arxiv.org/abs/2601.00003}");

        var json = member.get("/library.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(ids(CommunityFixtures.json(json))).containsExactlyInAnyOrder("2601.00001", "2601.00003");
    }

    @Test
    void unsaving_takes_the_paper_out_of_the_page_and_both_exports() {
        var member = Member.signedIn(app, "tidy@example.org", Role.MEMBER);
        member.postForm("/papers/2601.00002/save", Map.of());
        member.postForm("/papers/2601.00003/save", Map.of());

        var unsaved = member.postForm("/papers/2601.00002/save", Map.of("next", "/library"));

        assertThat(unsaved.statusCode()).isEqualTo(303);
        assertThat(unsaved.headers().firstValue("Location")).hasValue("/library");
        assertThat(member.get("/library").body()).doesNotContain("data-paper-id=\"2601.00002\"").contains("data-paper-id=\"2601.00003\"");
        assertThat(member.get("/library.bib").body()).doesNotContain("2601.00002").contains("2601.00003");
        assertThat(ids(CommunityFixtures.json(member.get("/library.json")))).containsExactly("2601.00003");
    }

    @Test
    void an_empty_library_says_so_and_exports_nothing() {
        var member = Member.signedIn(app, "new@example.org", Role.MEMBER);

        assertThat(member.get("/library").body()).contains("Nothing saved yet");
        assertThat(member.get("/library.bib").body()).isEmpty();
        assertThat(CommunityFixtures.json(member.get("/library.json"))).isEmpty();
    }

    @Test
    void the_library_of_a_visitor_who_is_not_signed_in_is_the_login_page() {
        for (String path : List.of("/library", "/library.bib", "/library.json")) {
            var response = app.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(path).hasValue("/login?next=" + View.url(path));
        }
    }

    private static List<String> ids(JsonNode papers) {
        var ids = new ArrayList<String>();
        papers.forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }
}
