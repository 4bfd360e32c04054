package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed pages over HTTP, against the bundled demo catalogue (feed days 2025-11-03 … 2025-12-31). */
class PapersPagesTest {
    private static final Pattern CARD = Pattern.compile("<article class=\"card\" data-paper-id=\"([^\"]+)\">(.*?)</article>", Pattern.DOTALL);
    private static final Pattern UPVOTES = Pattern.compile("<span class=\"count\">(\\d+)</span>");

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo().start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_front_page_shows_the_latest_feed_day_most_upvoted_first() {
        var response = app.get("/papers");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("Wednesday, 31 December 2025").contains("4 papers");
        List<Card> cards = cards(response.body());
        // The two papers with one upvote each come in the order they entered the feed, as on Hugging Face.
        assertThat(cards).extracting(Card::id).containsExactly("2512.22525", "2512.23675", "2512.22469", "2512.23165");
        assertThat(cards).extracting(Card::upvotes).containsExactly(5, 2, 1, 1);
    }

    @Test
    void the_front_page_is_the_same_feed_as_its_dated_page() {
        assertThat(ids(app.get("/papers").body())).isEqualTo(ids(app.get("/papers/date/2025-12-31").body()));
    }

    @Test
    void a_day_links_to_the_neighbouring_feed_days() {
        var response = app.get("/papers/date/2025-12-30");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Tuesday, 30 December 2025").contains("20 papers");
        assertThat(link(response.body(), "prev")).isEqualTo("/papers/date/2025-12-29");
        assertThat(link(response.body(), "next")).isEqualTo("/papers/date/2025-12-31");
        assertThat(cards(response.body())).extracting(Card::upvotes).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void the_day_after_a_weekend_links_back_to_friday() {
        var body = app.get("/papers/date/2025-12-29").body();

        assertThat(link(body, "prev")).isEqualTo("/papers/date/2025-12-26");
        assertThat(link(app.get("/papers/date/2025-12-26").body(), "next")).isEqualTo("/papers/date/2025-12-29");
    }

    @Test
    void the_latest_feed_day_has_no_link_into_the_future() {
        assertThat(link(app.get("/papers").body(), "next")).isNull();
    }

    @Test
    void a_weekend_day_is_an_empty_page_with_a_way_back_not_an_error() {
        var response = app.get("/papers/date/2025-12-27");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("Saturday, 27 December 2025")
                .contains("No papers on this day")
                .contains("Weekends and holidays have no arXiv announcements")
                .contains("Try <a href=\"/papers/date/2025-12-26\">Friday, 26 December 2025</a>");
        assertThat(cards(response.body())).isEmpty();
        assertThat(link(response.body(), "prev")).isEqualTo("/papers/date/2025-12-26");
    }

    @Test
    void a_week_shows_its_papers_with_links_to_the_weeks_around_it() {
        var response = app.get("/papers/week/2025-W52");

        assertThat(response.statusCode()).isEqualTo(200);
        // 22–26 December: 16 + 17 + 12 + 13 + 6 papers.
        assertThat(response.body()).contains("Week 52 of 2025").contains("64 papers");
        assertThat(cards(response.body())).hasSize(30);
        assertThat(link(response.body(), "prev")).isEqualTo("/papers/week/2025-W51");
        assertThat(link(response.body(), "next")).isEqualTo("/papers/week/2026-W01");
    }

    @Test
    void a_month_shows_its_papers_with_links_to_the_months_that_have_any() {
        var december = app.get("/papers/month/2025-12");
        var november = app.get("/papers/month/2025-11");

        assertThat(december.statusCode()).isEqualTo(200);
        assertThat(december.body()).contains("December 2025").contains("397 papers");
        assertThat(link(december.body(), "prev")).isEqualTo("/papers/month/2025-11");
        assertThat(link(december.body(), "next")).as("January 2026 has no papers yet").isNull();
        assertThat(november.body()).contains("240 papers");
        assertThat(link(november.body(), "next")).isEqualTo("/papers/month/2025-12");
    }

    @Test
    void a_category_filter_keeps_only_papers_listed_in_that_category() {
        // July 2025 holds three papers of the seed page: 2507.22270 (cs.LG), 2507.17651 and 2507.18537 (cs.CV).
        var all = app.get("/papers/month/2025-07").body();
        var vision = app.get("/papers/month/2025-07?category=cs.CV").body();

        assertThat(ids(all)).containsExactlyInAnyOrder("2507.22270", "2507.17651", "2507.18537");
        assertThat(ids(vision)).containsExactlyInAnyOrder("2507.17651", "2507.18537");
        assertThat(vision).contains("2 papers").contains("<option value=\"cs.CV\" selected>");
        assertThat(ids(app.get("/papers/month/2025-07?category=math.PR").body())).isEmpty();
    }

    @Test
    void the_code_filter_keeps_exactly_the_papers_that_link_to_code() {
        List<Card> all = cards(app.get("/papers/date/2025-12-30").body());
        List<Card> withCode = cards(app.get("/papers/date/2025-12-30?code=1").body());

        List<String> expected = all.stream().filter(Card::hasCode).map(Card::id).toList();
        assertThat(expected).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(withCode).extracting(Card::id).containsExactlyElementsOf(expected);
    }

    @Test
    void a_period_longer_than_a_page_is_split_into_pages_of_thirty() {
        var first = app.get("/papers/month/2025-12").body();
        var second = app.get("/papers/month/2025-12?page=2").body();
        var last = app.get("/papers/month/2025-12?page=14").body();

        List<Card> page1 = cards(first);
        List<Card> page2 = cards(second);
        assertThat(page1).hasSize(30);
        assertThat(page2).hasSize(30);
        assertThat(cards(last)).hasSize(397 - 13 * 30);
        assertThat(page2).extracting(Card::id).doesNotContainAnyElementsOf(page1.stream().map(Card::id).toList());
        assertThat(page2.getFirst().upvotes()).isLessThanOrEqualTo(page1.getLast().upvotes());
        assertThat(first).contains("Page 1 of 14").contains("href=\"/papers/month/2025-12?page=2\"");
        assertThat(second).contains("Page 2 of 14").contains("href=\"/papers/month/2025-12?page=1\"");
    }

    @Test
    void the_pager_keeps_the_filters() {
        var body = app.get("/papers/month/2025-12?code=1").body();

        assertThat(body).contains("href=\"/papers/month/2025-12?page=2&amp;code=1\"");
    }

    @Test
    void papers_that_entered_the_feed_in_the_last_24_hours_are_marked_new() {
        // The clock stands at 2025-12-31T10:00Z: the 31st's papers came in that night, the 30th's a day before.
        assertThat(cards(app.get("/papers").body())).isNotEmpty().allMatch(Card::isNew);
        assertThat(cards(app.get("/papers/date/2025-12-30").body())).isNotEmpty().noneMatch(Card::isNew);
    }

    @Test
    void the_new_badge_ends_exactly_24_hours_after_a_paper_entered_the_feed() {
        // On the 30th, 2512.23447 entered at 01:18:40.635Z and 2512.23222 at 05:09:42.689Z.
        try (var early = TestApp.create(true, Instant.parse("2025-12-31T02:00:00Z"))) {
            early.app().loadDemoIfEmpty();
            early.start();

            List<Card> cards = cards(early.get("/papers/date/2025-12-30").body());

            assertThat(card(cards, "2512.23447").isNew()).isFalse();
            assertThat(card(cards, "2512.23222").isNew()).isTrue();
        }
    }

    @Test
    void a_card_shows_title_authors_excerpt_upvotes_and_code() {
        Card card = card(cards(app.get("/papers").body()), "2512.23675");

        assertThat(card.html())
                .contains("<a class=\"title\" href=\"/papers/2512.23675\">End-to-End Test-Time Training for Long Context</a>")
                .contains("<p class=\"authors\">Arnuv Tandon, Karan Dalal, Xinhao Li et al.</p>")
                .contains("<p class=\"excerpt math\">We formulate long-context language modeling as a problem in continual learning")
                .contains("<a class=\"code\" href=\"https://github.com/test-time-training/e2e\"")
                .contains("arXiv:2512.23675");
        assertThat(card.upvotes()).isEqualTo(2);
        String excerpt = between(card.html(), "<p class=\"excerpt math\">", "</p>");
        assertThat(excerpt).endsWith("…").hasSizeLessThanOrEqualTo(301);
    }

    @Test
    void a_card_lists_four_authors_in_full_and_cuts_longer_lists_after_three() {
        List<Card> cards = cards(app.get("/papers/date/2025-12-30").body());

        assertThat(card(cards, "2512.23447").html()).contains("<p class=\"authors\">Ang Lv, Jin Ma, Yiyuan Ma, Siyuan Qiao</p>");
        assertThat(card(cards, "2512.22431").html()).doesNotContain("et al.");
        assertThat(card(cards, "2512.22323").html()).containsPattern("<p class=\"authors\">[^,<]+, [^,<]+, [^,<]+ et al\\.</p>");
    }

    @Test
    void a_card_shows_the_arxiv_categories_as_filter_links() {
        Card card = card(cards(app.get("/papers/month/2025-07").body()), "2507.22270");

        assertThat(card.html()).contains("<a class=\"cat\" href=\"?category=cs.LG\">cs.LG</a>");
    }

    @Test
    void an_impossible_date_is_a_400_page_that_shows_what_a_date_looks_like() {
        var response = app.get("/papers/date/2025-13-45");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("2025-13-45").contains("YYYY-MM-DD").contains("href=\"/papers\"");
    }

    @Test
    void a_week_that_does_not_exist_is_a_400_page() {
        var response = app.get("/papers/week/2025-W60");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("week 60 does not exist in 2025");
    }

    @Test
    void a_month_that_does_not_exist_is_a_400_page() {
        var response = app.get("/papers/month/2025-13");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("YYYY-MM");
    }

    @Test
    void a_page_number_that_is_not_a_number_is_a_400_page() {
        var response = app.get("/papers?page=abc");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("page must be a whole number").contains("abc");
    }

    @Test
    void a_page_past_the_end_is_empty_rather_than_an_error() {
        var response = app.get("/papers/month/2025-12?page=99");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cards(response.body())).isEmpty();
    }

    record Card(String id, String html) {
        int upvotes() {
            Matcher m = UPVOTES.matcher(html);
            if (!m.find()) {
                throw new AssertionError("card " + id + " shows no upvote count:\n" + html);
            }
            return Integer.parseInt(m.group(1));
        }

        boolean isNew() {
            return html.contains("<span class=\"badge new\">new</span>");
        }

        boolean hasCode() {
            return html.contains("<a class=\"code\"");
        }
    }

    static List<Card> cards(String html) {
        var cards = new ArrayList<Card>();
        Matcher m = CARD.matcher(html);
        while (m.find()) {
            cards.add(new Card(m.group(1), m.group(2)));
        }
        return cards;
    }

    private static List<String> ids(String html) {
        return cards(html).stream().map(Card::id).toList();
    }

    private static Card card(List<Card> cards, String id) {
        return cards.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no card for " + id + " among " + cards.stream().map(Card::id).toList()));
    }

    /** The href of the period navigation's prev or next link, or null. */
    private static String link(String html, String rel) {
        Matcher m = Pattern.compile("<a rel=\"" + rel + "\" class=\"" + rel + "\" href=\"([^\"]+)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("%s in %s", start, text).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void a_page_past_the_end_says_so_and_links_to_the_last_one() {
        var response = app.get("/papers/month/2025-12?page=99");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("There is no page 99").contains("href=\"/papers/month/2025-12?page=14\"");
        assertThat(ids(response.body())).isEmpty();
    }
}
