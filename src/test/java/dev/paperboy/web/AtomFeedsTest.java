package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import dev.paperboy.TestApp;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * The Atom feeds on the real server with the demo catalogue (feed days 2025-11-03 … 2025-12-31), read by a real
 * feed library (Rome) and checked for RFC 4287's required elements with the JDK's own XML parser.
 */
class AtomFeedsTest {
    /** {@code server.base-url} as configured: feeds link there, not to the address the request was sent to. */
    private static final String BASE = "http://localhost:8080";
    private static final Pattern CARD_ID = Pattern.compile("<article class=\"card\" data-paper-id=\"([^\"]+)\"");
    private static final Pattern ALTERNATE = Pattern.compile(
            "<link rel=\"alternate\" type=\"application/atom\\+xml\" title=\"([^\"]+)\" href=\"([^\"]+)\">");

    private static TestApp app;

    @BeforeAll
    static void start() {
        // Keyword search needs no model; these tests are about the feeds.
        app = TestApp.withDemo(Map.of("search.embed", "false", "server.base-url", BASE)).start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_daily_feed_has_the_latest_feed_days_newest_first_capped_at_one_hundred() {
        var response = app.get("/papers/feed.atom");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
        SyndFeed feed = rome(response);
        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(feed.getTitle()).isEqualTo("Paperboy: daily papers");
        assertThat(feed.getEntries()).hasSize(AtomFeeds.DAILY_ENTRIES);
        // 31 December's four papers first, then 30 December's twenty, each day's latest arrival first.
        List<Listing> listings = feed.getEntries().stream()
                .map(entry -> app.app().catalogue().find(idOf(entry)).orElseThrow()).toList();
        assertThat(listings.subList(0, 4)).allMatch(l -> l.placement().day().toString().equals("2025-12-31"));
        assertThat(listings.subList(4, 24)).allMatch(l -> l.placement().day().toString().equals("2025-12-30"));
        assertThat(listings).extracting(l -> l.placement().enteredAt()).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids(feed).subList(0, 4)).containsExactlyInAnyOrder("2512.22525", "2512.23675", "2512.22469", "2512.23165");
    }

    @Test
    void each_entry_carries_the_papers_title_authors_categories_dates_links_and_abstract() {
        SyndFeed feed = rome(app.get("/papers/feed.atom"));
        for (SyndEntry entry : feed.getEntries().subList(0, 24)) {
            String id = idOf(entry);
            Paper paper = app.app().catalogue().find(id).orElseThrow().paper();

            assertThat(entry.getUri()).isEqualTo(BASE + "/papers/" + id);
            assertThat(entry.getTitle()).isEqualTo(paper.title());
            assertThat(entry.getLink()).isEqualTo(BASE + "/papers/" + id);
            assertThat(entry.getLinks()).extracting(SyndLink::getRel, SyndLink::getHref).contains(
                    tuple("related", paper.arxivId().absUrl()),
                    tuple("related", paper.arxivId().pdfUrl()));
            assertThat(entry.getAuthors()).extracting(SyndPerson::getName).containsExactlyElementsOf(paper.authors());
            assertThat(entry.getCategories()).extracting(SyndCategory::getName)
                    .containsExactlyElementsOf(paper.categories());
            assertThat(entry.getDescription().getType()).isEqualTo("text");
            assertThat(entry.getDescription().getValue()).isEqualTo(paper.abstractText());
            assertThat(entry.getPublishedDate())
                    .isEqualTo(Date.from(paper.published().atStartOfDay(ZoneOffset.UTC).toInstant()));
            assertThat(entry.getUpdatedDate()).isAfterOrEqualTo(entry.getPublishedDate());
        }
    }

    @Test
    void the_feed_says_it_was_updated_when_its_newest_paper_was_not_when_it_was_asked() {
        var first = app.get("/papers/feed.atom").body();
        var second = app.get("/papers/feed.atom").body();

        Instant newest = rome(app.get("/papers/feed.atom")).getEntries().stream()
                .map(entry -> entry.getUpdatedDate().toInstant()).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(newest).isBefore(TestApp.DEMO_NOW);
        assertThat(Instant.parse(feedUpdated(first))).isEqualTo(newest);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void every_feed_has_an_id_updated_self_and_alternate_links_and_every_entry_an_id_title_updated_and_link()
            throws Exception {
        for (String path : List.of("/papers/feed.atom", "/papers/trending.atom", "/search.atom?q=batch+size",
                "/search.atom?q=zyxwvutsrq")) {
            var doc = dom(app.get(path).body());
            var feed = doc.getDocumentElement();

            assertThat(feed.getNamespaceURI()).as(path).isEqualTo("http://www.w3.org/2005/Atom");
            assertThat(feed.getLocalName()).isEqualTo("feed");
            assertThat(children(feed, "id")).as(path).hasSize(1);
            assertThat(children(feed, "title")).as(path).hasSize(1);
            assertThat(children(feed, "updated")).as(path).hasSize(1);
            assertThat(children(feed, "generator")).as(path).hasSize(1);
            Instant.parse(children(feed, "updated").getFirst().getTextContent());
            assertThat(links(feed, "self")).as(path).containsExactly(BASE + path);
            assertThat(children(feed, "id").getFirst().getTextContent()).isEqualTo(BASE + path);
            assertThat(links(feed, "alternate")).as(path).hasSize(1).allMatch(href -> href.startsWith(BASE + "/"));
            for (var entry : children(feed, "entry")) {
                assertThat(children(entry, "id")).as(path).hasSize(1);
                assertThat(children(entry, "title")).as(path).hasSize(1);
                assertThat(children(entry, "updated")).as(path).hasSize(1);
                assertThat(children(entry, "published")).as(path).hasSize(1);
                assertThat(children(entry, "author")).as(path).isNotEmpty();
                Instant.parse(children(entry, "updated").getFirst().getTextContent());
                assertThat(links(entry, "alternate")).as(path).hasSize(1)
                        .allMatch(href -> href.equals(children(entry, "id").getFirst().getTextContent()));
            }
        }
    }

    @Test
    void the_trending_feed_is_the_trending_ranking_in_order() throws Exception {
        var response = app.get("/papers/trending.atom");
        SyndFeed feed = rome(response);
        var api = new ArrayList<String>();
        for (JsonNode item : new ObjectMapper().readTree(app.get("/api/daily_papers?sort=trending&limit=50").body())) {
            api.add(item.path("paper").path("id").asText());
        }

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
        assertThat(feed.getTitle()).isEqualTo("Paperboy: trending papers");
        assertThat(api).isNotEmpty();
        assertThat(ids(feed)).isEqualTo(api);
    }

    @Test
    void a_search_feed_has_the_newest_papers_of_the_search_page_sorted_by_newest() {
        SyndFeed feed = rome(app.get("/search.atom?q=batch+size"));
        List<String> page = cardIds(app.get("/search?q=batch+size&sort=newest").body());

        assertThat(feed.getTitle()).isEqualTo("Paperboy: papers matching “batch size”");
        assertThat(page).isNotEmpty();
        assertThat(ids(feed)).startsWith(page.toArray(String[]::new));
        assertThat(feed.getEntries()).extracting(SyndEntry::getPublishedDate)
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(feed.getLinks()).filteredOn(l -> "alternate".equals(l.getRel())).extracting(SyndLink::getHref)
                .containsExactly(BASE + "/search?q=batch+size&sort=newest");
    }

    @Test
    void a_search_feed_understands_the_search_syntax() {
        SyndFeed feed = rome(app.get("/search.atom?q=" + encode("batch cat:cs.LG")));

        assertThat(feed.getEntries()).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.getCategories()).extracting(SyndCategory::getName).contains("cs.LG"));
    }

    @Test
    void a_search_that_finds_nothing_is_an_empty_feed_dated_today() {
        var response = app.get("/search.atom?q=zyxwvutsrq");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(rome(response).getEntries()).isEmpty();
        assertThat(feedUpdated(response.body())).isEqualTo("2025-12-31T00:00:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/search.atom", "/search.atom?q=", "/search.atom?q=+++"})
    void a_search_feed_without_a_query_is_a_bad_request_that_says_what_is_missing(String path) {
        var response = app.get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).contains("q is required");
    }

    @Test
    void a_search_feed_of_ten_thousand_characters_is_a_bad_request_that_gives_the_limit() {
        var response = app.get("/search.atom?q=" + "a".repeat(10_000));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("q must be at most 1,000 characters, not 10,000");
    }

    @Test
    void the_daily_feed_follows_the_front_pages_category_filter() {
        SyndFeed feed = rome(app.get("/papers/feed.atom?category=cs.CV"));

        assertThat(feed.getTitle()).isEqualTo("Paperboy: daily papers in cs.CV");
        assertThat(feed.getEntries()).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.getCategories()).extracting(SyndCategory::getName).contains("cs.CV"));
    }

    @Test
    void the_feed_pages_announce_the_daily_feed_in_their_head() {
        for (String path : List.of("/papers", "/papers/date/2025-12-30", "/papers/week/2025-W52")) {
            Matcher link = ALTERNATE.matcher(head(app.get(path).body()));

            assertThat(link.find()).as(path).isTrue();
            assertThat(link.group(2)).isEqualTo("/papers/feed.atom");
            assertThat(link.group(1)).isEqualTo("Paperboy: daily papers");
        }
        Matcher filtered = ALTERNATE.matcher(head(app.get("/papers?category=cs.CV&code=1").body()));
        assertThat(filtered.find()).isTrue();
        assertThat(filtered.group(2)).isEqualTo("/papers/feed.atom?category=cs.CV&amp;code=1");
    }

    @Test
    void a_search_page_announces_the_feed_of_its_query_and_an_empty_search_page_none() {
        Matcher link = ALTERNATE.matcher(head(app.get("/search?q=" + encode("batch size \"adaptive\"")).body()));

        assertThat(link.find()).isTrue();
        assertThat(link.group(2)).isEqualTo("/search.atom?q=batch+size+%22adaptive%22");
        assertThat(app.get("/search.atom?q=batch+size+%22adaptive%22").statusCode()).isEqualTo(200);
        assertThat(head(app.get("/search").body())).doesNotContain("application/atom+xml");
        assertThat(head(app.get("/papers/2402.11215").body())).doesNotContain("application/atom+xml");
    }

    private static SyndFeed rome(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return new SyndFeedInput().build(new StringReader(response.body()));
        } catch (Exception e) {
            throw new AssertionError("not a feed Rome can read: " + e, e);
        }
    }

    private static List<String> ids(SyndFeed feed) {
        return feed.getEntries().stream().map(AtomFeedsTest::idOf).toList();
    }

    private static String idOf(SyndEntry entry) {
        return entry.getLink().substring((BASE + "/papers/").length());
    }

    private static String feedUpdated(String xml) {
        try {
            return children(dom(xml).getDocumentElement(), "updated").getFirst().getTextContent();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Document dom(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    static List<Element> children(Element parent, String name) {
        var found = new ArrayList<Element>();
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && name.equals(e.getLocalName())
                    && "http://www.w3.org/2005/Atom".equals(e.getNamespaceURI())) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<String> links(Element parent, String rel) {
        return children(parent, "link").stream()
                .filter(l -> rel.equals(l.getAttribute("rel").isEmpty() ? "alternate" : l.getAttribute("rel")))
                .map(l -> l.getAttribute("href"))
                .toList();
    }

    private static String head(String html) {
        return html.substring(0, html.indexOf("</head>"));
    }

    private static List<String> cardIds(String html) {
        var ids = new ArrayList<String>();
        Matcher m = CARD_ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
