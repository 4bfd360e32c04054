package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /search} on the real server with the demo catalogue: results, redirects, help, bad input, paging. */
class SearchPagesTest {
    private static final Pattern CARD_ID = Pattern.compile("<article class=\"card\" data-paper-id=\"([^\"]+)\"");
    private static final Pattern COUNT = Pattern.compile("<p class=\"count\">([\\d,]+) papers?");
    private static final Pattern NEXT = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\"");

    private static TestApp app;

    @BeforeAll
    static void start() {
        // No background embedding: these tests are about the page, and keyword search needs no model.
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_topic_finds_its_paper_first_with_the_words_highlighted_and_a_count() {
        var response = search("adaptive batch size");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cardIds(response)).first().isEqualTo("2402.11215");
        assertThat(response.body())
                .contains("<mark>Adaptive Batch Size</mark> Schemes for <mark>Adaptive</mark> Gradient Methods")
                .contains("<title>adaptive batch size · Search");
        Matcher count = COUNT.matcher(response.body());
        assertThat(count.find()).as("a result count").isTrue();
        assertThat(Integer.parseInt(count.group(1).replace(",", ""))).isGreaterThanOrEqualTo(cardIds(response).size());
    }

    @Test
    void the_query_stays_in_the_search_box() {
        assertThat(search("adaptive batch size").body()).contains("name=\"q\" value=\"adaptive batch size\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2402.11215", "2402.11215v2", "arXiv:2402.11215", "https://arxiv.org/abs/2402.11215v2",
            "https://arxiv.org/pdf/2402.11215v1.pdf", "  2402.11215  ", "arxiv.org/abs/2402.11215",
            "https://huggingface.co/papers/2402.11215"})
    void an_arxiv_id_or_url_goes_straight_to_the_paper(String q) {
        var response = search(q);

        assertThat(response.statusCode()).isBetween(301, 303);
        assertThat(response.headers().firstValue("Location")).hasValue("/papers/2402.11215");
    }

    @Test
    void an_id_with_other_words_is_a_search_not_a_redirect() {
        var response = search("2402.11215 batch");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cardIds(response)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/search", "/search?q=", "/search?q=+++"})
    void an_empty_query_shows_how_to_search(String path) {
        var response = app.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Search every paper").contains("<code>author:\"Mladen Kolar\"</code>")
                .doesNotContain("No papers found");
        assertThat(cardIds(response)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"\"", "?!.,;:()[]{}*~^&|", "-", "- - -", "\"", "author:", "cat:", "year:abcd after:2025-13-45",
            "\\", "AND OR NOT", "http://x.org/a:b", "日本語の論文", "\uD83D\uDE00", "%", "'; DROP TABLE papers; --"})
    void absurd_queries_get_a_page_never_an_error(String q) {
        var response = search(q);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<form class=\"search-form\"");
    }

    @Test
    void a_query_of_a_thousand_characters_gets_results() {
        var response = search("batch ".repeat(166) + "size");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<form class=\"search-form\"");
    }

    @Test
    void a_query_of_ten_thousand_letters_is_a_400_page_that_says_how_long_a_query_may_be() {
        var response = search("a".repeat(10_000));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<form class=\"search-form\"").contains("at most 1,000 characters");
    }

    @Test
    void markup_in_the_query_is_shown_as_text() {
        var response = search("<script>alert(1)</script> batch");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
    }

    @Test
    void a_query_that_matches_nothing_says_so() {
        var response = search("zyxwvutsrq");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("No papers found");
        assertThat(cardIds(response)).isEmpty();
    }

    @Test
    void a_bad_date_filter_is_left_out_with_a_notice() {
        var response = app.get("/search?q=adaptive+batch+size&from=2025-13-45");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("class=\"notice\"").contains("YYYY-MM-DD");
        assertThat(cardIds(response)).first().isEqualTo("2402.11215");
    }

    @Test
    void a_date_filter_keeps_only_papers_of_those_days() {
        var response = app.get("/search?q=adaptive+batch+size&from=2025-01-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cardIds(response)).isNotEmpty().doesNotContain("2402.11215");
        assertThat(response.body()).doesNotContain("class=\"notice\"");
    }

    @Test
    void the_author_syntax_works_from_the_page() {
        var response = search("author:\"Mladen Kolar\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cardIds(response)).containsExactly("2402.11215");
        assertThat(response.body()).contains("<p class=\"count\">1 paper</p>");
    }

    @Test
    void a_category_filter_alone_browses_that_category() {
        var response = app.get("/search?q=&category=cs.DS");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cardIds(response)).contains("2309.10289");
        assertThat(response.body()).doesNotContain("Search every paper");
    }

    @Test
    void many_results_are_paged_and_the_next_link_leads_to_other_papers() {
        var first = search("learning");
        Matcher next = NEXT.matcher(first.body());

        assertThat(cardIds(first)).hasSize(SearchPages.PAGE_SIZE);
        assertThat(next.find()).as("a link to page 2").isTrue();
        String link = next.group(1).replace("&amp;", "&");
        assertThat(link).startsWith("/search?").contains("q=learning").contains("page=2");

        var second = app.get(link);

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cardIds(second)).isNotEmpty().doesNotContainAnyElementsOf(cardIds(first));
        assertThat(second.body()).contains("Page 2 of").contains("rel=\"prev\"");
    }

    @Test
    void another_pages_link_keeps_the_sort_and_filters() {
        var view = new SearchPages.View("batch size", "newest", "cs.LG", "2025-01-01", null, true, 1, 300, 0, List.of(), null);

        assertThat(view.link(2)).isEqualTo("/search?q=batch+size&sort=newest&category=cs.LG&from=2025-01-01&code=1&page=2");
        assertThat(view.pages()).as("300 results, of which the best 100 can be paged to").isEqualTo(5);
        var withRelated = new SearchPages.View("batch size", "relevance", null, null, null, false, 1, 30, 15, List.of(), null);
        assertThat(withRelated.pages()).as("30 matches and 15 related by meaning").isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "page=x", "page=1001"})
    void a_page_out_of_range_is_a_400(String query) {
        assertThat(app.get("/search?q=learning&" + query).statusCode()).isEqualTo(400);
    }

    @Test
    void every_page_has_the_search_box() {
        assertThat(app.get("/papers").body()).contains("<form class=\"search-box\" method=\"get\" action=\"/search\"");
        assertThat(app.get("/papers/2402.11215").body()).contains("<form class=\"search-box\"");
    }

    private static HttpResponse<String> search(String q) {
        return app.get("/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    private static List<String> cardIds(HttpResponse<String> response) {
        return CARD_ID.matcher(response.body()).results().map(m -> m.group(1)).toList();
    }
}
