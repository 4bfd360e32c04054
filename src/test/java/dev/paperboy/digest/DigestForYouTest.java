package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.authors.Follows;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.recommend.Recommendations;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A member's digest with their "for you" list beside or instead of the top papers, and what they follow. */
class DigestForYouTest {
    private static final LocalDate WEDNESDAY = LocalDate.of(2025, 12, 31);
    private static final LocalDate TUESDAY = LocalDate.of(2025, 12, 30);
    private static final Pattern PAPER_LINK = Pattern.compile("/papers/(\\d{4}\\.\\d{4,5})");

    Inbox inbox;
    TestApp app;
    Subscriptions subscriptions;

    @BeforeEach
    void start() {
        inbox = new Inbox();
        var settings = new HashMap<>(inbox.settings());
        settings.put("server.base-url", "http://localhost:8080");
        settings.put("search.embed", "false");
        app = TestApp.withDemo(settings);
        app.app().fillKeywords(() -> false);
        subscriptions = app.app().digests().subscriptions();
    }

    @AfterEach
    void stop() {
        app.close();
        inbox.close();
    }

    private List<Listing> tuesday() {
        return app.app().catalogue().feed(new Catalogue.FeedQuery(TUESDAY, TUESDAY.plusDays(1), null, false, null),
                Catalogue.Order.UPVOTES, 0, 500);
    }

    /** A member who saved the day's least upvoted paper, with their list computed. */
    private User memberWithAList(String email) {
        User member = app.app().community().accounts().create(email, "Reader", Role.MEMBER);
        app.app().community().library().save(member, tuesday().getLast().paper().id());
        app.app().recommendations().refresh(member);
        return member;
    }

    private Set<String> recommended(User member) {
        return app.app().recommendations().forMember(member, 100).stream()
                .map(r -> r.listing().paper().id()).collect(Collectors.toSet());
    }

    private String text(String to) throws Exception {
        MimeMessage m = inbox.to(to).getFirst();
        return ((String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent()).replace("\r\n", "\n");
    }

    private static String section(String text, String heading) {
        int start = text.indexOf("== " + heading + " ==");
        assertThat(start).as("section " + heading).isNotNegative();
        int end = text.indexOf("== ", start + heading.length() + 6);
        return text.substring(start, end < 0 ? text.indexOf("\n-- \n") : end);
    }

    private static Set<String> ids(String text) {
        return PAPER_LINK.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toSet());
    }

    private DigestSender.Summary send() throws InterruptedException {
        return app.app().digestSender().send(Frequency.DAILY, WEDNESDAY, false, false);
    }

    @Test
    void for_you_beside_the_top_papers_adds_a_section_of_the_members_recommendations_from_the_period() throws Exception {
        User member = memberWithAList("beside@example.org");
        subscriptions.saveForMember(member, Preferences.of("daily", List.of(), null), false, ForYou.BESIDE);

        assertThat(send().sent()).isEqualTo(1);

        String text = text("beside@example.org");
        assertThat(text).contains("the top 10 papers of Tuesday, 30 December 2025");
        String forYou = section(text, DigestComposer.FOR_YOU);
        Set<String> tuesdayIds = tuesday().stream().map(l -> l.paper().id()).collect(Collectors.toSet());
        assertThat(ids(forYou)).isNotEmpty().isSubsetOf(recommended(member)).isSubsetOf(tuesdayIds);
        String top = text.substring(0, text.indexOf("== " + DigestComposer.FOR_YOU));
        assertThat(ids(top)).hasSize(10).doesNotContainAnyElementsOf(ids(forYou));
        assertThat(text).contains("In one sentence: ").contains("Keywords: ");
    }

    @Test
    void for_you_instead_of_the_top_papers_sends_only_the_members_recommendations() throws Exception {
        User member = memberWithAList("instead@example.org");
        subscriptions.saveForMember(member, Preferences.of("daily", List.of(), null), false, ForYou.INSTEAD);

        assertThat(send().sent()).isEqualTo(1);

        String text = text("instead@example.org");
        assertThat(text).startsWith("Paperboy — your papers of Tuesday, 30 December 2025").doesNotContain("the top 10");
        assertThat(ids(text)).isNotEmpty().isSubsetOf(recommended(member));
        assertThat(subscriptions.forMember(member).orElseThrow().forYou()).isEqualTo(ForYou.INSTEAD);
    }

    @Test
    void papers_of_followed_authors_and_categories_get_their_own_section() throws Exception {
        User member = app.app().community().accounts().create("follower@example.org", "Follower", Role.MEMBER);
        Listing quiet = tuesday().getLast();
        String author = quiet.paper().authors().getFirst();
        app.app().recommendations().follows().follow(member, Follows.Kind.AUTHOR, author);
        subscriptions.saveForMember(member, Preferences.of("daily", List.of(), null), false);

        assertThat(send().sent()).isEqualTo(1);

        String followed = section(text("follower@example.org"), DigestComposer.FOLLOWED);
        assertThat(ids(followed)).contains(quiet.paper().id());
        assertThat(followed).contains(author);
    }

    @Test
    void a_digest_without_an_account_has_no_personal_sections() throws Exception {
        subscriptions.addConfirmed("public@example.org", Preferences.of("daily", List.of(), null));
        assertThat(send().sent()).isEqualTo(1);
        String text = text("public@example.org");
        assertThat(text).doesNotContain("== " + DigestComposer.FOR_YOU).doesNotContain("== " + DigestComposer.FOLLOWED);
    }
}
