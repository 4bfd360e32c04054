package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.search.SearchBackend.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages over HTTP: navigation through time, messages, and markup that a browser test would only see indirectly. */
class PagesTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = PageTour.app();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void every_page_starts_with_the_doctype_and_has_no_inline_script_handler_or_style() {
        Member member = Member.signedIn(app, "doctype@example.org", Role.MEMBER);
        for (PageTour.Page page : PageTour.PAGES) {
            for (var response : List.of(app.get(page.path()), member.get(page.path()))) {
                if (response.statusCode() / 100 == 3) {
                    continue; // a members' page asking an anonymous visitor to log in
                }
                String body = response.body();
                assertThat(body).as(page.name()).startsWith("<!doctype html>");
                assertThat(body).as(page.name()).doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                        .doesNotContainPattern("\\son[a-z]+=").doesNotContain(" style=");
            }
        }
    }

    @Test
    void day_week_and_month_tabs_previous_next_and_latest_keep_the_filters() {
        String day = app.get("/papers/date/2025-12-30?category=cs.CV&code=1").body();
        assertThat(day).contains("href=\"/papers/date/2025-12-30?category=cs.CV&amp;code=1\" aria-current=\"page\">Day</a>")
                .contains("href=\"/papers/week/2026-W01?category=cs.CV&amp;code=1\">Week</a>")
                .contains("href=\"/papers/month/2025-12?category=cs.CV&amp;code=1\">Month</a>")
                .containsPattern("rel=\"prev\" class=\"prev\" href=\"/papers/date/2025-12-\\d\\d\\?category=cs.CV&amp;code=1\"")
                .contains("rel=\"next\" class=\"next\" href=\"/papers/date/2025-12-31?category=cs.CV&amp;code=1\"")
                .contains("class=\"latest\" href=\"/papers?category=cs.CV&amp;code=1\"");

        String week = app.get("/papers/week/2025-W52").body();
        assertThat(week).contains("href=\"/papers/date/2025-12-26\">Day</a>")
                .contains("href=\"/papers/week/2025-W52\" aria-current=\"page\">Week</a>");
    }

    @Test
    void the_day_picker_lists_days_with_papers_and_goes_to_the_chosen_one_with_the_filters() {
        String feed = app.get("/papers").body();
        assertThat(feed).contains("<option value=\"2025-12-31\" selected>31 Dec 2025 · ")
                .contains("<option value=\"2025-12-30\">30 Dec 2025 · ")
                .doesNotContain("<option value=\"2025-12-27\""); // a Saturday: no papers
        var go = app.get("/papers/date?date=2025-12-29&category=cs.LG&code=1");
        assertThat(go.statusCode()).isEqualTo(303);
        assertThat(go.headers().firstValue("Location")).hasValue("/papers/date/2025-12-29?category=cs.LG&code=1");
        assertThat(app.get("/papers/date?date=someday").statusCode()).isEqualTo(400);
    }

    @Test
    void a_paper_already_in_the_feed_says_so_after_a_submission() {
        assertThat(app.get("/papers/" + PageTour.PAPER + "?already=1").body())
                .contains("This paper is already in the feed of 31 Dec 2025");
        String page = app.get("/papers/" + PageTour.PAPER).body();
        assertThat(page).doesNotContain("already in the feed");
        assertThat(page).contains("<figure class=\"chart upvotes-history\">")
                .contains("aria-label=\"Upvotes over time: from 13 on 31 Dec 2025 to 13 on 31 Dec 2025 (12 of them imported");
    }

    @Test
    void a_submission_while_arxiv_is_unreachable_says_so_and_keeps_what_was_typed() {
        // Nothing listens on port 9 of the loopback: every lookup fails at once, as with arXiv down.
        try (TestApp offline = TestApp.create(false, TestApp.DEMO_NOW, Map.of("arxiv.api-base-url", "http://127.0.0.1:9/api/query"))) {
            offline.start();
            Member member = Member.signedIn(offline, "submitter@example.org", Role.MEMBER);
            var response = member.postForm("/papers/submit", Map.of("paper_id", "2512.04321", "comment", "Worth a read: <b>fast</b>"));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("arXiv is not answering just now")
                    .contains("value=\"2512.04321\"").contains("Worth a read: &lt;b&gt;fast&lt;/b&gt;</textarea>");
        }
    }

    @Test
    void katex_is_loaded_only_on_pages_with_tex() {
        assertThat(app.get("/papers/" + PageTour.PAPER).body()).contains("katex.min.js");
        assertThat(app.get("/subscribe").body()).doesNotContain("katex.min.js");
        assertThat(app.get("/status").body()).doesNotContain("katex.min.js");
    }

    @Test
    void the_status_page_draws_embedding_progress_as_a_bar() {
        assertThat(app.get("/status").body()).containsPattern(
                "papers embedded</dt><dd>0 of [\\d,]+ \\(0.0 %\\)<span class=\"progress\"><svg [^>]*role=\"img\" aria-label=\"papers embedded: 0 of");
    }

    @Test
    void the_digest_preview_shows_the_latest_digest_with_papers_when_the_next_one_has_none_yet() {
        try (TestApp later = TestApp.create(true, Instant.parse("2026-03-02T10:00:00Z"), Map.of("search.embed", "false"))) {
            later.app().loadDemoIfEmpty();
            later.start();
            var preview = later.get("/digest/preview?frequency=daily");
            assertThat(preview.statusCode()).isEqualTo(200);
            assertThat(preview.body()).contains("Wednesday, 31 December 2025");
            assertThat(later.get("/digest/preview?frequency=daily&q=zzyzx+qwxv").body())
                    .contains("Try more categories (or leave them empty, for all)");
        }
    }

    @Test
    void a_search_snippet_starts_and_ends_between_words() {
        String text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma";
        int at = text.indexOf("lambda");
        var segments = List.of(new Segment(false, text.substring(0, at)), new Segment(true, "lambda"),
                new Segment(false, text.substring(at + 6)));
        var window = View.snippet(segments, 40);
        String shown = String.join("", window.stream().map(Segment::text).toList());
        assertThat(shown).startsWith("…").endsWith("…");
        String inner = shown.substring(1, shown.length() - 1);
        for (String word : inner.strip().split(" ")) {
            assertThat(text.split(" ")).as(shown).contains(word);
        }
        assertThat(window).contains(new Segment(true, "lambda"));
        assertThat(View.snippet(List.of(new Segment(false, "short text")), 40)).containsExactly(new Segment(false, "short text"));
    }
}
