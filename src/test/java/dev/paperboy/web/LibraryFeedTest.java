package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.io.StringReader;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LibraryFeedTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aMembersLibraryFeedListsTheirSavedPapersWithoutLoggingIn() throws Exception {
        Member ada = Member.signedIn(app, "ada@example.org", Role.MEMBER);
        ada.postForm("/papers/2402.11215/save", Map.of());
        ada.postForm("/papers/2512.22525/save", Map.of());
        String path = feedPath(ada);

        var response = app.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/atom+xml"));
        SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
        assertThat(feed.getEntries()).extracting(SyndEntry::getLink)
                .containsExactlyInAnyOrder(app.app().baseUrl() + "/papers/2402.11215",
                        app.app().baseUrl() + "/papers/2512.22525");
        assertThat(feed.getTitle()).contains("ada");
    }

    @Test
    void anAlteredLibraryFeedAddressFindsNothing() {
        Member bob = Member.signedIn(app, "bob@example.org", Role.MEMBER);
        String path = feedPath(bob);
        String altered = path.replace(".atom", "").replaceFirst(".$", path.charAt(path.length() - 6) == 'A' ? "B" : "A") + ".atom";

        assertThat(app.get(altered).statusCode()).isEqualTo(404);
        assertThat(app.get("/feeds/library/nobody.atom").statusCode()).isEqualTo(404);
    }

    private static String feedPath(Member member) {
        var settings = member.get("/settings").body();
        var m = Pattern.compile("class=\"library-feed\" href=\"([^\"]+)\"").matcher(settings);
        assertThat(m.find()).as("the settings page links the library feed").isTrue();
        return m.group(1);
    }
}
