package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Papers of followed authors and categories are marked on the feed, for the member who follows them only. */
class FollowedOnFeedTest {
    private static final LocalDate DAY = LocalDate.of(2025, 12, 30);
    private static TestApp app;
    private static List<Listing> day;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        day = app.app().catalogue().feed(new Catalogue.FeedQuery(DAY, DAY.plusDays(1), null, false, null),
                Catalogue.Order.UPVOTES, 0, 500);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The papers shown on a page, by their cards. */
    private static List<Listing> shown(String page) {
        var ids = java.util.regex.Pattern.compile("data-paper-id=\"([^\"]+)\"").matcher(page).results()
                .map(m -> m.group(1)).collect(java.util.stream.Collectors.toSet());
        return day.stream().filter(l -> ids.contains(l.paper().id())).toList();
    }

    @Test
    void a_followed_authors_paper_is_marked_with_the_name_and_others_are_not() {
        String author = day.stream().flatMap(l -> l.paper().authors().stream())
                .filter(a -> a.matches("[A-Za-z][A-Za-z .-]+")).findFirst().orElseThrow();
        Member ada = Member.signedIn(app, "ada-follows@example.org", Role.MEMBER);
        ada.postForm("/follow", Map.of("kind", "author", "value", author));

        String feed = ada.get("/papers/date/" + DAY).body();

        assertThat(feed).contains("following: " + author);
        long marked = shown(feed).stream().filter(l -> l.paper().authors().stream()
                .anyMatch(a -> dev.paperboy.authors.AuthorNames.same(a, author))).count();
        assertThat(marked).isPositive();
        assertThat(feed.split("class=\"badge followed\"", -1).length - 1).isEqualTo((int) marked);
        assertThat(Member.signedIn(app, "bo-follows@example.org", Role.MEMBER).get("/papers/date/" + DAY).body())
                .doesNotContain("badge followed");
        assertThat(app.get("/papers/date/" + DAY).body()).doesNotContain("badge followed");
    }

    @Test
    void a_followed_category_marks_its_papers() {
        String category = day.getFirst().paper().categories().isEmpty() ? "cs.CV" : day.getFirst().paper().categories().getFirst();
        Member cy = Member.signedIn(app, "cy-follows@example.org", Role.MEMBER);
        cy.postForm("/follow", Map.of("kind", "category", "value", category));

        String feed = cy.get("/papers/date/" + DAY).body();

        long inCategory = shown(feed).stream().filter(l -> l.paper().categories().contains(category)).count();
        assertThat(inCategory).isPositive();
        assertThat(feed.split("class=\"badge followed\"", -1).length - 1).isEqualTo((int) inCategory);
    }
}
