package dev.paperboy.ingest;

import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.CodeLinks;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Looks papers up by id in the arXiv API ({@code export.arxiv.org/api/query?id_list=…}, Atom), politely: through the
 * same {@link PoliteHttp} as the harvester. Elements are found by namespace and name, never by position, because the
 * feed's layout has drifted over the years.
 */
public final class ArxivApiClient {
    /** The API's limit per request is 2,000; smaller slices keep each response quick. */
    static final int SLICE = 100;
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String ARXIV = "http://arxiv.org/schemas/atom";
    // arXiv categories (cs.LG, hep-th, astro-ph.CO); Atom entries also carry ACM (I.2.7) and MSC (68T05) terms.
    private static final Pattern ARXIV_CATEGORY = Pattern.compile("[a-z-]+(\\.[A-Za-z-]+)?");
    private static final XMLInputFactory FACTORY = SafeXml.factory();

    private final URI baseUrl;
    private final PoliteHttp http;

    public ArxivApiClient(URI baseUrl, PoliteHttp http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /**
     * The papers arXiv has for these ids, in the order it returns them; ids it does not know are simply absent.
     *
     * @throws ArxivApiException when arXiv answers with its error feed (it names the bad id)
     * @throws UpstreamUnavailableException when arXiv stays unavailable past {@code harvest.max-wait}
     */
    public List<Paper> fetch(List<ArxivId> ids) throws InterruptedException {
        var papers = new ArrayList<Paper>(ids.size());
        var unique = new ArrayList<>(new LinkedHashSet<>(ids.stream().map(ArxivId::id).toList()));
        for (int i = 0; i < unique.size(); i += SLICE) {
            List<String> slice = unique.subList(i, Math.min(unique.size(), i + SLICE));
            URI uri = URI.create(baseUrl + "?id_list=" + URLEncoder.encode(String.join(",", slice), StandardCharsets.UTF_8)
                    + "&start=0&max_results=" + slice.size());
            papers.addAll(http.get(uri, ArxivApiClient::read, new PoliteHttp.Stats()));
        }
        return papers;
    }

    private static List<Paper> read(int status, InputStream body) throws IOException, XMLStreamException {
        Feed feed = parse(body);
        if (feed.error != null) {
            throw new ArxivApiException(status, feed.error);
        }
        if (status != 200) {
            throw new ArxivApiException(status, "unexpected HTTP status " + status);
        }
        return feed.papers;
    }

    /** A parsed feed: its papers, or arXiv's error message. */
    static final class Feed {
        final List<Paper> papers = new ArrayList<>();
        String error;
    }

    /** @throws XMLStreamException when the feed is cut short or malformed */
    static Feed parse(InputStream in) throws XMLStreamException {
        XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
        var feed = new Feed();
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && is(xml, ATOM, "entry")) {
                    entry(xml, feed);
                }
            }
        } finally {
            xml.close();
        }
        return feed;
    }

    private static void entry(XMLStreamReader xml, Feed feed) throws XMLStreamException {
        String id = null;
        String title = null;
        String summary = null;
        LocalDate published = null;
        LocalDate updated = null;
        var authors = new ArrayList<String>();
        var categories = new ArrayList<String>();
        String primary = null;
        String comment = null;
        String journalRef = null;
        String doi = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && is(xml, ATOM, "entry")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String ns = xml.getNamespaceURI();
            String name = xml.getLocalName();
            if (ATOM.equals(ns)) {
                switch (name) {
                    case "id" -> id = xml.getElementText().strip();
                    case "title" -> title = xml.getElementText();
                    case "summary" -> summary = xml.getElementText();
                    case "published" -> published = day(xml.getElementText());
                    case "updated" -> updated = day(xml.getElementText());
                    case "name" -> authors.add(Text.squash(xml.getElementText()));
                    case "category" -> {
                        String term = xml.getAttributeValue(null, "term");
                        if (term != null && ARXIV_CATEGORY.matcher(term).matches() && !categories.contains(term)) {
                            categories.add(term);
                        }
                    }
                    default -> { }
                }
            } else if (ARXIV.equals(ns)) {
                switch (name) {
                    case "primary_category" -> primary = xml.getAttributeValue(null, "term");
                    case "comment" -> comment = Text.squash(xml.getElementText());
                    case "journal_ref" -> journalRef = Text.squash(xml.getElementText());
                    case "doi" -> doi = Text.squash(xml.getElementText());
                    default -> { }
                }
            }
        }
        if (id != null && id.contains("/api/errors")) {
            feed.error = Text.squash(summary) != null ? Text.squash(summary) : id;
            return;
        }
        if (id == null) {
            return;
        }
        ArxivId arxivId = ArxivId.parse(id);
        if (primary != null) {
            categories.remove(primary);
            categories.addFirst(primary);
        }
        authors.removeIf(a -> a == null);
        String abstractText = Text.squash(summary);
        List<String> links = CodeLinks.find(abstractText, comment);
        feed.papers.add(new Paper(arxivId.id(), Text.squash(title), abstractText, authors, categories, published,
                updated != null ? updated : published, Math.max(1, arxivId.version()), comment, journalRef, doi, null,
                null, links, CodeLinks.githubRepo(links), null, List.of()));
    }

    private static boolean is(XMLStreamReader xml, String namespace, String name) {
        return name.equals(xml.getLocalName()) && namespace.equals(xml.getNamespaceURI());
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.ofInstant(Instant.parse(text.strip()), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
