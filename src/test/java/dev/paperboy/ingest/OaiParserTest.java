package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.paperboy.ingest.ArxivRecord.Author;
import dev.paperboy.ingest.ArxivRecord.Version;
import dev.paperboy.paper.Paper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** Every field of every record in the real OAI-PMH fixtures, and every error response. */
class OaiParserTest {
    private final OaiParser parser = new OaiParser();

    private OaiPage parse(String file) throws XMLStreamException {
        return parser.parse(new ByteArrayInputStream(OaiReplayServer.fixture(file).getBytes(StandardCharsets.UTF_8)));
    }

    private static final String NONEXCLUSIVE = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/";

    @Test
    void arxiv_raw_list_records_maps_headers_versions_and_every_metadata_field() throws Exception {
        OaiPage page = parse("arXivRaw_mikesaelim_ListRecordsResponse.xml");

        assertThat(page.responseDate()).isEqualTo(Instant.parse("2015-01-06T20:49:59Z"));
        assertThat(page.resumptionToken()).isEqualTo("726959|1001");
        assertThat(page.error()).isNull();
        assertThat(page.records()).extracting(OaiRecord::identifier, OaiRecord::datestamp, OaiRecord::setSpecs, OaiRecord::deleted)
                .containsExactly(
                        tuple("oai:arXiv.org:0704.0471", LocalDate.parse("2014-11-18"), List.of("physics:nucl-ex", "physics:nucl-th"), false),
                        tuple("oai:arXiv.org:0704.0716", LocalDate.parse("2014-12-22"), List.of("math", "physics:math-ph"), false),
                        tuple("oai:arXiv.org:0704.0874", LocalDate.parse("2014-11-21"), List.of("math"), false),
                        tuple("oai:arXiv.org:0704.1109", LocalDate.parse("2014-11-18"), List.of("physics:gr-qc"), false),
                        tuple("oai:arXiv.org:0704.1114", LocalDate.parse("2014-11-18"), List.of("physics:astro-ph"), false),
                        tuple("oai:arXiv.org:0704.1586", LocalDate.parse("2014-11-18"), List.of("physics:nucl-th"), false));
        List<ArxivRecord> m = page.records().stream().map(OaiRecord::metadata).toList();
        assertThat(m).extracting(ArxivRecord::id, ArxivRecord::submitter, ArxivRecord::categories, r -> r.versions().size())
                .containsExactly(
                        tuple("0704.0471", "Dinesh Shetty", List.of("nucl-ex", "nucl-th"), 1),
                        tuple("0704.0716", "Christoph Richard", List.of("math-ph", "math.MP"), 4),
                        tuple("0704.0874", "Gavril Farkas", List.of("math.AG"), 3),
                        tuple("0704.1109", "Patricio S. Letelier", List.of("gr-qc"), 2),
                        tuple("0704.1114", "Travis S. Barman", List.of("astro-ph"), 1),
                        tuple("0704.1586", "Neil Summers", List.of("nucl-th"), 1));
        assertThat(m.get(1).versions()).containsExactly(
                new Version(1, Instant.parse("2007-04-05T12:45:03Z"), "43kb", null),
                new Version(2, Instant.parse("2007-09-28T15:13:43Z"), "48kb", null),
                new Version(3, Instant.parse("2008-02-29T16:05:39Z"), "48kb", null),
                new Version(4, Instant.parse("2008-11-14T09:07:25Z"), "49kb", null));
        assertThat(m).extracting(ArxivRecord::journalRef, ArxivRecord::doi, ArxivRecord::mscClass, ArxivRecord::license)
                .containsExactly(
                        tuple("Phys.Rev.C76:024606,2007; Erratum-ibid.C76:039902,2007", "10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902", null, null),
                        tuple("Polygons, polyominoes and polycubes, 247-299, Lecture Notes in\n  Phys., 775, Springer, Dordrecht, 2009", null, "05A15, 05A16", NONEXCLUSIVE),
                        tuple("J. London Math. Soc. 78(2008) 418-440", null, "14H10, 14N10", NONEXCLUSIVE),
                        tuple("Int.J.Theor.Phys.49:316-323,2010", "10.1007/s10773-009-0204-x", null, null),
                        tuple("Astrophys.J.661:L191-L194,2007", "10.1086/518736", null, null),
                        tuple(m.get(5).journalRef(), m.get(5).doi(), null, m.get(5).license()));
        assertThat(m.get(0).authors()).extracting(Author::forenames, Author::keyname)
                .containsExactly(tuple("D.V.", "Shetty"), tuple("S.J.", "Yennello"), tuple("G.A.", "Souliotis"));
        assertThat(m.get(0).abstractText()).startsWith("  The density dependence").contains("extremely \" stiff \" and \" soft \"");

        Paper richard = m.get(1).toPaper();
        assertThat(richard.title()).isEqualTo("Limit distributions and scaling functions");
        assertThat(richard.authors()).containsExactly("Christoph Richard");
        assertThat(richard.published()).isEqualTo(LocalDate.parse("2007-04-05"));
        assertThat(richard.updated()).isEqualTo(LocalDate.parse("2008-11-14"));
        assertThat(richard.versionCount()).isEqualTo(4);
        assertThat(richard.comments()).isEqualTo("54 pages, 2 figures; v2 updated and slightly expanded; v3 changes in some proofs; v4 slightly expanded");
        assertThat(richard.journalRef()).isEqualTo("Polygons, polyominoes and polycubes, 247-299, Lecture Notes in Phys., 775, Springer, Dordrecht, 2009");
        assertThat(richard.license()).isEqualTo(NONEXCLUSIVE);
        assertThat(richard.categories()).containsExactly("math-ph", "math.MP");
        assertThat(m.get(3).toPaper().authors()).containsExactly("Valeria M. Rosa", "Patricio S. letelier");
    }

    @Test
    void arxiv_raw_get_record_maps_sizes_source_types_and_licence() throws Exception {
        OaiPage page = parse("arXivRaw_mikesaelim_GetRecordResponse.xml");

        assertThat(page.resumptionToken()).isNull();
        OaiRecord record = page.records().getFirst();
        assertThat(record.setSpecs()).containsExactly("physics:hep-ex", "physics:hep-ph");
        ArxivRecord m = record.metadata();
        assertThat(m.versions()).containsExactly(
                new Version(1, Instant.parse("2013-02-08T21:00:01Z"), "853kb", "D"),
                new Version(2, Instant.parse("2013-04-02T01:50:08Z"), "849kb", "D"));
        assertThat(m.authorsText()).isEqualTo("Joshua Berger, Maxim Perelstein, Michael Saelim and Philip Tanedo");
        Paper paper = m.toPaper();
        assertThat(paper).extracting(Paper::id, Paper::title, Paper::published, Paper::updated, Paper::versionCount,
                        Paper::comments, Paper::license, Paper::doi, Paper::journalRef)
                .containsExactly("1302.2146", "The Same-Sign Dilepton Signature of RPV/MFV SUSY", LocalDate.parse("2013-02-08"),
                        LocalDate.parse("2013-04-02"), 2, "18 pages, 6 figures; v2: References added", NONEXCLUSIVE, null, null);
        assertThat(paper.authors()).containsExactly("Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo");
        assertThat(paper.categories()).containsExactly("hep-ph", "hep-ex");
        assertThat(paper.abstractText()).startsWith("The lack of observation").endsWith("100 fb^-1 data set.");
    }

    @Test
    void arxiv_format_maps_split_authors_dates_report_numbers_and_licences() throws Exception {
        OaiPage hepTh = parse("arXiv_hepcrawl_arxiv-physics-hep-th.xml");
        OaiPage hepEx = parse("arXiv_hepcrawl_arxiv-physics-hep-ex.xml");
        OaiPage single = parse("arXiv_hepcrawl_arxiv-single.xml");

        assertThat(hepTh.responseDate()).isEqualTo(Instant.parse("2017-12-14T12:56:31Z"));
        assertThat(hepTh.resumptionToken()).isNull();
        List<ArxivRecord> all = java.util.stream.Stream.of(hepTh, hepEx, single)
                .flatMap(p -> p.records().stream()).map(OaiRecord::metadata).toList();
        assertThat(all).extracting(ArxivRecord::id, ArxivRecord::created, ArxivRecord::updated, r -> r.authors().size(),
                        ArxivRecord::reportNo, ArxivRecord::doi, ArxivRecord::license)
                .containsExactly(
                        tuple("1412.8323", LocalDate.parse("2014-12-29"), LocalDate.parse("2017-12-13"), 1, null, null, "http://creativecommons.org/licenses/by/4.0/"),
                        tuple("1507.07790", LocalDate.parse("2015-07-28"), LocalDate.parse("2016-03-04"), 2, null, "10.1088/1751-8121/aa9c53", NONEXCLUSIVE),
                        tuple("1607.01710", LocalDate.parse("2016-07-06"), LocalDate.parse("2016-10-13"), 5, null, "10.1002/andp.201700188", NONEXCLUSIVE),
                        tuple("1706.05371", LocalDate.parse("2017-06-16"), LocalDate.parse("2017-12-12"), all.get(3).authors().size(), null, null, NONEXCLUSIVE),
                        tuple("1706.09418", LocalDate.parse("2017-06-28"), LocalDate.parse("2017-11-26"), 5, "BONN-TH-2017-03", "10.1140/epjc/s10052-017-5414-4", NONEXCLUSIVE),
                        tuple("1707.00874", LocalDate.parse("2017-07-04"), LocalDate.parse("2017-12-13"), 3, "IITH-PH-0001/17, IMSc/2017/07/05", null, NONEXCLUSIVE),
                        tuple("1401.2122", LocalDate.parse("2014-01-09"), LocalDate.parse("2017-10-23"), 1, null, "10.1007/s11005-017-1013-4", NONEXCLUSIVE));
        assertThat(all.get(0).authors()).containsExactly(new Author("Hoehn", "Philipp A", null, List.of()));
        assertThat(all.get(4).authors().get(2)).isEqualTo(new Author("Krauss", "Manuel E.", null, List.of()));
        assertThat(all.get(3).authors()).hasSizeGreaterThan(10).allSatisfy(a -> assertThat(a.keyname()).isNotBlank());
        assertThat(all.get(6).mscClass()).isEqualTo("37K05 37K10 53D10");
        assertThat(all.get(6).categories()).containsExactly("math.AP", "hep-th", "math-ph", "math.DG", "math.MP", "nlin.SI");
        assertThat(single.records().getFirst().setSpecs()).containsExactly("math", "physics:hep-th", "physics:math-ph", "physics:nlin");

        Paper paper = all.get(4).toPaper();
        assertThat(paper.authors()).containsExactly("Daniel Dercks", "Herbi Dreiner", "Manuel E. Krauss", "Toby Opferkuch", "Annika Reinert");
        assertThat(paper).extracting(Paper::published, Paper::updated, Paper::versionCount, Paper::reportNo, Paper::journalRef)
                .containsExactly(LocalDate.parse("2017-06-28"), LocalDate.parse("2017-11-26"), 2, "BONN-TH-2017-03", "Eur. Phys. J. C (2017) 77:856");
    }

    @Test
    void author_parts_suffixes_and_affiliations_come_from_the_arxiv_format() throws Exception {
        String xml = OaiReplayServer.fixture("arXiv_hepcrawl_arxiv-single.xml").replace(
                "<author><keyname>Sergyeyev</keyname><forenames>A.</forenames></author>",
                "<author><keyname>Sergyeyev</keyname><forenames>A.</forenames><suffix>Jr</suffix>"
                        + "<affiliation>Silesian University in Opava</affiliation></author>");
        ArxivRecord m = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).records().getFirst().metadata();

        assertThat(m.authors()).containsExactly(new Author("Sergyeyev", "A.", "Jr", List.of("Silesian University in Opava")));
        assertThat(m.toPaper().authors()).containsExactly("A. Sergyeyev Jr");
    }

    @Test
    void raw_author_strings_split_on_commas_and_and_but_not_inside_affiliations() {
        assertThat(ArxivRecord.splitAuthors("A. Smith (MIT, Cambridge), B. Jones and C. Brown Jr. (ETH and EPFL)"))
                .containsExactly(
                        new Author("Smith", "A.", null, List.of("MIT, Cambridge")),
                        new Author("Jones", "B.", null, List.of()),
                        new Author("Brown", "C.", "Jr.", List.of("ETH and EPFL")));
    }

    @Test
    void a_deleted_record_has_its_header_and_no_metadata() throws Exception {
        String xml = OaiReplayServer.fixture("arXivRaw_mikesaelim_GetRecordResponse.xml")
                .replace("<header>", "<header status=\"deleted\">")
                .replaceAll("(?s)<metadata>.*</metadata>", "");
        OaiRecord record = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).records().getFirst();

        assertThat(record.deleted()).isTrue();
        assertThat(record.metadata()).isNull();
        assertThat(record.arxivId()).isEqualTo("1302.2146");
    }

    @Test
    void every_error_response_gives_its_code_and_message() throws Exception {
        assertThat(List.of("BadArgument", "BadResumptionToken", "BadVerb", "IdDoesNotExist", "NoRecordsMatch"))
                .extracting(name -> {
                    try {
                        OaiPage.Error error = parse("arXivRaw_mikesaelim_ErrorResponse" + name + ".xml").error();
                        return error.code() + ": " + error.message();
                    } catch (XMLStreamException e) {
                        throw new AssertionError(e);
                    }
                })
                .containsExactly(
                        "badArgument: Verb 'ListRecords', illegal argument 'identifier'.",
                        "badResumptionToken: The resumptionToken supplied is illegal for this repository",
                        "badVerb: Bad verb. Verb 'wah' not implemented.",
                        "idDoesNotExist: Identifier 'oai:arXiv.org:0813.2274' has correct form but does not correspond to an item in this repository",
                        "noRecordsMatch: Set argument doesn't match any sets. The setSpec was 'moo'");
    }

    @Test
    void a_response_cut_mid_record_is_an_error_not_a_shorter_page() {
        String xml = OaiReplayServer.fixture("arXivRaw_mikesaelim_ListRecordsResponse.xml");
        byte[] cut = xml.substring(0, xml.indexOf("<id>0704.1109")).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(cut))).isInstanceOf(XMLStreamException.class);
    }

    @Test
    void a_document_type_declaration_is_refused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><OAI-PMH>&a;</OAI-PMH>";
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(XMLStreamException.class);
    }
}
