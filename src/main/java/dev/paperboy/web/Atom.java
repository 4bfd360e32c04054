package dev.paperboy.web;

import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Atom 1.0 (RFC 4287) documents of papers. Every time in a document comes from the papers themselves, so the same
 * papers always give the same bytes, and feed readers see an entry change only when its paper does.
 */
final class Atom {
    static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";
    private static final String NS = "http://www.w3.org/2005/Atom";
    /** arXiv's own Atom API marks its categories with this scheme; readers that know arXiv recognise it. */
    private static final String ARXIV_SCHEME = "http://arxiv.org/schemas/atom";
    // The JDK's own writer, whatever StAX implementation a dependency puts on the classpath.
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

    private Atom() {}

    /**
     * A feed to write. URLs are absolute.
     *
     * @param self this feed's own URL, also its id
     * @param alternate the HTML page that shows the same papers
     * @param emptyUpdated the feed's {@code updated} when it has no papers to take it from
     */
    record Feed(String title, String subtitle, String self, String alternate, String baseUrl, Instant emptyUpdated,
            List<Listing> papers) {
        Feed {
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(baseUrl, "baseUrl");
            papers = List.copyOf(papers);
        }

        /** The latest {@code updated} of its entries: what changed last, never the time of the request. */
        Instant updated() {
            return papers.stream().map(Atom::updated).max(Comparator.naturalOrder()).orElse(emptyUpdated);
        }
    }

    static Rendered render(Feed feed) {
        return new Rendered(200, CONTENT_TYPE, bytes(feed), java.util.Map.of());
    }

    static byte[] bytes(Feed feed) {
        var out = new ByteArrayOutputStream(8_192 + feed.papers().size() * 2_048);
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(NS);
            xml.writeStartElement(NS, "feed");
            xml.writeDefaultNamespace(NS);
            text(xml, 1, "id", feed.self());
            text(xml, 1, "title", feed.title());
            if (feed.subtitle() != null) {
                text(xml, 1, "subtitle", feed.subtitle());
            }
            text(xml, 1, "updated", timestamp(feed.updated()));
            link(xml, 1, "self", "application/atom+xml", feed.self());
            link(xml, 1, "alternate", "text/html", feed.alternate());
            indent(xml, 1);
            xml.writeStartElement("generator");
            xml.writeAttribute("uri", clean(feed.baseUrl() + "/"));
            xml.writeCharacters("Paperboy");
            xml.writeEndElement();
            for (Listing listing : feed.papers()) {
                entry(xml, feed.baseUrl(), listing);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write an Atom feed", e);
        }
        return out.toByteArray();
    }

    private static void entry(XMLStreamWriter xml, String baseUrl, Listing listing) throws XMLStreamException {
        Paper p = listing.paper();
        String url = baseUrl + "/papers/" + p.id();
        indent(xml, 1);
        xml.writeStartElement("entry");
        text(xml, 2, "id", url);
        text(xml, 2, "title", p.title().isBlank() ? p.id() : p.title());
        text(xml, 2, "published", timestamp(published(listing)));
        text(xml, 2, "updated", timestamp(updated(listing)));
        link(xml, 2, "alternate", "text/html", url);
        link(xml, 2, "related", "text/html", p.arxivId().absUrl());
        link(xml, 2, "related", "application/pdf", p.arxivId().pdfUrl());
        // RFC 4287 wants an author for every entry; a paper without one says so rather than inheriting the feed's.
        for (String author : p.authors().isEmpty() ? List.of("Unknown") : p.authors()) {
            indent(xml, 2);
            xml.writeStartElement("author");
            text(xml, 3, "name", author);
            indent(xml, 2);
            xml.writeEndElement();
        }
        for (String category : p.categories()) {
            indent(xml, 2);
            xml.writeEmptyElement("category");
            xml.writeAttribute("term", clean(category));
            xml.writeAttribute("scheme", ARXIV_SCHEME);
        }
        if (!p.abstractText().isBlank()) {
            indent(xml, 2);
            xml.writeStartElement("summary");
            xml.writeAttribute("type", "text");
            xml.writeCharacters(clean(p.abstractText()));
            xml.writeEndElement();
        }
        indent(xml, 1);
        xml.writeEndElement();
    }

    /**
     * When the paper first appeared: its first arXiv version, else when it entered the feed.
     */
    static Instant published(Listing listing) {
        Paper p = listing.paper();
        return Stream.of(startOf(p.published()), entered(listing), startOf(p.updated()))
                .filter(Objects::nonNull).findFirst().orElse(Instant.EPOCH);
    }

    /** The last change a reader would care about: a new version, or the paper entering the feed. */
    static Instant updated(Listing listing) {
        return Stream.of(published(listing), startOf(listing.paper().updated()), entered(listing))
                .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * {@code text} without the characters XML 1.0 forbids (control characters other than tab, newline and carriage
     * return; lone surrogates; U+FFFE and U+FFFF), which upstream abstracts do sometimes carry.
     */
    static String clean(String text) {
        if (text.codePoints().allMatch(Atom::allowed)) {
            return text;
        }
        var out = new StringBuilder(text.length());
        text.codePoints().filter(Atom::allowed).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static Instant entered(Listing listing) {
        return listing.placement() == null ? null : listing.placement().enteredAt();
    }

    private static Instant startOf(LocalDate day) {
        return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String timestamp(Instant instant) {
        // RFC 3339 in UTC, whole seconds: "2025-12-30T00:00:00Z".
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    private static void text(XMLStreamWriter xml, int depth, String name, String value) throws XMLStreamException {
        indent(xml, depth);
        xml.writeStartElement(name);
        xml.writeCharacters(clean(value));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, int depth, String rel, String type, String href)
            throws XMLStreamException {
        indent(xml, depth);
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", clean(href));
    }

    private static void indent(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
