package dev.paperboy.ingest;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an OAI-PMH response ({@code ListRecords} or {@code GetRecord}, formats {@code arXivRaw} and {@code arXiv}) with
 * a streaming StAX parser: one record at a time, never a tree of the whole response. Elements are found by name,
 * not by position, so the 2025 reordering of elements changes nothing. A response that ends early or is not
 * well-formed throws {@link XMLStreamException}: a page is either read whole or not at all.
 */
public final class OaiParser {
    private static final XMLInputFactory FACTORY = SafeXml.factory();

    /** @throws XMLStreamException when the response is cut short, malformed, or not OAI-PMH */
    public OaiPage parse(InputStream in) throws XMLStreamException {
        XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
        try {
            Instant responseDate = null;
            String token = null;
            long listSize = -1;
            long cursor = -1;
            OaiPage.Error error = null;
            var records = new ArrayList<OaiRecord>();
            boolean root = false;
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "OAI-PMH" -> root = true;
                    case "responseDate" -> responseDate = instant(xml.getElementText());
                    case "error" -> error = new OaiPage.Error(xml.getAttributeValue(null, "code"), Text.squash(xml.getElementText()));
                    case "record" -> records.add(record(xml));
                    case "resumptionToken" -> {
                        listSize = number(xml.getAttributeValue(null, "completeListSize"));
                        cursor = number(xml.getAttributeValue(null, "cursor"));
                        token = Text.squash(xml.getElementText());
                    }
                    default -> { }
                }
            }
            if (!root) {
                throw new XMLStreamException("not an OAI-PMH response (no <OAI-PMH> element)");
            }
            return new OaiPage(responseDate, records, token, error, listSize, cursor);
        } finally {
            xml.close();
        }
    }

    /** A non-negative attribute value, or -1 when absent or not a number (it only feeds a progress bar). */
    private static long number(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,15}")) {
            return -1;
        }
        return Long.parseLong(text.strip());
    }

    private static OaiRecord record(XMLStreamReader xml) throws XMLStreamException {
        String identifier = null;
        LocalDate datestamp = null;
        var sets = new ArrayList<String>();
        boolean deleted = false;
        ArxivRecord metadata = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("record")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (xml.getLocalName()) {
                case "header" -> deleted = "deleted".equals(xml.getAttributeValue(null, "status"));
                case "identifier" -> identifier = Text.squash(xml.getElementText());
                case "datestamp" -> datestamp = date(xml.getElementText());
                case "setSpec" -> sets.add(xml.getElementText().strip());
                case "arXivRaw" -> metadata = metadata(xml, "arXivRaw");
                case "arXiv" -> metadata = metadata(xml, "arXiv");
                default -> { }
            }
        }
        if (identifier == null) {
            throw new XMLStreamException("a record without an identifier");
        }
        return new OaiRecord(identifier, datestamp, sets, deleted, deleted ? null : metadata);
    }

    /** Reads {@code <arXivRaw>} or {@code <arXiv>} up to its end tag. */
    private static ArxivRecord metadata(XMLStreamReader xml, String end) throws XMLStreamException {
        var f = new Fields();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals(end)) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (xml.getLocalName()) {
                case "id" -> f.id = text(xml);
                case "submitter" -> f.submitter = text(xml);
                case "version" -> f.versions.add(version(xml));
                case "created" -> f.created = date(xml.getElementText());
                case "updated" -> f.updated = date(xml.getElementText());
                case "title" -> f.title = xml.getElementText();
                case "authors" -> {
                    if (end.equals("arXivRaw")) {
                        f.authorsText = xml.getElementText();
                    }
                }
                case "author" -> f.authors.add(author(xml));
                case "categories" -> {
                    String text = Text.squash(xml.getElementText());
                    f.categories = text == null ? List.of() : Arrays.asList(text.split(" "));
                }
                case "comments" -> f.comments = xml.getElementText();
                case "proxy" -> f.proxy = text(xml);
                case "report-no" -> f.reportNo = text(xml);
                case "msc-class" -> f.mscClass = text(xml);
                case "acm-class" -> f.acmClass = text(xml);
                case "journal-ref" -> f.journalRef = xml.getElementText();
                case "doi" -> f.doi = text(xml);
                case "license" -> f.license = text(xml);
                case "abstract" -> f.abstractText = xml.getElementText();
                default -> { }
            }
        }
        if (f.id == null) {
            throw new XMLStreamException("an " + end + " record without an <id>");
        }
        List<ArxivRecord.Author> authors = end.equals("arXivRaw") ? ArxivRecord.splitAuthors(f.authorsText) : f.authors;
        return new ArxivRecord(f.id, f.submitter, f.versions, f.created, f.updated, f.title, authors, f.authorsText,
                f.categories, f.comments, f.proxy, f.reportNo, f.mscClass, f.acmClass, f.journalRef, f.doi, f.license,
                f.abstractText);
    }

    private static final class Fields {
        String id;
        String submitter;
        List<ArxivRecord.Version> versions = new ArrayList<>(4);
        LocalDate created;
        LocalDate updated;
        String title;
        List<ArxivRecord.Author> authors = new ArrayList<>();
        String authorsText;
        List<String> categories = List.of();
        String comments;
        String proxy;
        String reportNo;
        String mscClass;
        String acmClass;
        String journalRef;
        String doi;
        String license;
        String abstractText;
    }

    private static ArxivRecord.Version version(XMLStreamReader xml) throws XMLStreamException {
        String label = xml.getAttributeValue(null, "version");
        int number = label != null && label.strip().matches("[vV]\\d{1,6}") ? Integer.parseInt(label.strip().substring(1)) : 0;
        Instant date = null;
        String size = null;
        String sourceType = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("version")) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "date" -> date = Text.rfc1123(xml.getElementText());
                    case "size" -> size = text(xml);
                    case "source_type" -> sourceType = text(xml);
                    default -> { }
                }
            }
        }
        return new ArxivRecord.Version(number, date, size, sourceType);
    }

    private static ArxivRecord.Author author(XMLStreamReader xml) throws XMLStreamException {
        String keyname = null;
        String forenames = null;
        String suffix = null;
        var affiliations = new ArrayList<String>(0);
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("author")) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "keyname" -> keyname = text(xml);
                    case "forenames" -> forenames = text(xml);
                    case "suffix" -> suffix = text(xml);
                    case "affiliation" -> {
                        String affiliation = text(xml);
                        if (affiliation != null) {
                            affiliations.add(affiliation);
                        }
                    }
                    default -> { }
                }
            }
        }
        return new ArxivRecord.Author(keyname, forenames, suffix, affiliations);
    }

    private static String text(XMLStreamReader xml) throws XMLStreamException {
        return Text.squash(xml.getElementText());
    }

    /** A day, from "2014-11-18" or a longer timestamp; null when unreadable, so one odd record fails alone. */
    private static LocalDate date(String text) {
        String s = text.strip();
        try {
            return s.length() >= 10 ? LocalDate.parse(s.substring(0, 10)) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(String text) throws XMLStreamException {
        String s = text.strip();
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new XMLStreamException("unreadable responseDate '" + s + "'");
        }
    }
}
