package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The upstream parsers on damaged input: recorded OAI-PMH pages, arXiv API Atom feeds and snapshot lines, cut,
 * overwritten and spliced at generated places. A parser may refuse (a typed XML error, an invalid id), never fail
 * with anything else; the snapshot importer reports bad lines and goes on.
 */
class ParserFuzzTest {
    private static final List<byte[]> OAI = read("fixtures/arxiv/oai-pmh/arXivRaw_mikesaelim_ListRecordsResponse.xml",
            "fixtures/arxiv/oai-pmh/arXivRaw_mikesaelim_GetRecordResponse.xml",
            "fixtures/arxiv/oai-pmh/arXivRaw_mikesaelim_ErrorResponseBadResumptionToken.xml");
    private static final List<byte[]> ATOM = read("fixtures/arxiv/arxiv-api-atom/id_list_two_ids.atom.xml",
            "fixtures/arxiv/arxiv-api-atom/search_all-testing_max10_with_doi.atom.xml",
            "fixtures/arxiv/arxiv-api-atom/id_astro-ph_0601001_affiliations_journalref.atom.xml");

    record Damage(int document, double at, int length, String text) {
        byte[] apply(byte[] original) {
            int from = (int) (at * original.length);
            int to = Math.min(original.length, from + length);
            byte[] inserted = text.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[from + inserted.length + original.length - to];
            System.arraycopy(original, 0, out, 0, from);
            System.arraycopy(inserted, 0, out, from, inserted.length);
            System.arraycopy(original, to, out, from + inserted.length, original.length - to);
            return out;
        }
    }

    @Property(tries = 300, seed = "20261130")
    void a_damaged_oai_page_is_parsed_or_refused_with_a_typed_error(@ForAll("damage") Damage damage) {
        byte[] page = damage.apply(OAI.get(damage.document() % OAI.size()));
        try {
            new OaiParser().parse(new ByteArrayInputStream(page));
        } catch (XMLStreamException | IllegalArgumentException expected) {
            // refused: the harvester reports the page and retries or stops
        }
    }

    @Property(tries = 300, seed = "20261130")
    void a_damaged_atom_feed_is_parsed_or_refused_with_a_typed_error(@ForAll("damage") Damage damage) {
        byte[] feed = damage.apply(ATOM.get(damage.document() % ATOM.size()));
        try {
            ArxivApiClient.parse(new ByteArrayInputStream(feed));
        } catch (XMLStreamException | IllegalArgumentException expected) {
            // refused: the lookup answers "arXiv sent something we cannot read"
        }
    }

    @Property(tries = 30, seed = "20261130")
    void a_snapshot_with_damaged_lines_imports_the_good_ones_and_reports_the_rest(@ForAll("damages") List<Damage> damages)
            throws IOException {
        List<String> lines = new java.util.ArrayList<>(Fixtures.snapshotLines().subList(0, 20));
        for (Damage d : damages) {
            int i = d.document() % lines.size();
            lines.set(i, new String(d.apply(lines.get(i).getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
                    .replace("\n", " ").replace("\r", " "));
        }
        Path dir = Files.createTempDirectory("fuzz-snapshot");
        try (var test = TestApp.empty()) {
            var report = test.app().snapshotImporter().importFile(Fixtures.write(dir, "s.jsonl", lines), Progress.NONE);

            long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
            assertThat(report.read()).isEqualTo(nonBlank);
            assertThat(report.skipped()).isLessThanOrEqualTo(damages.size());
            assertThat(test.app().catalogue().count()).isPositive().isLessThanOrEqualTo(report.read() - report.skipped());
        } finally {
            Files.deleteIfExists(dir.resolve("s.jsonl"));
            Files.deleteIfExists(dir);
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of("", "<", ">", "</record>", "<record>", "&", "&amp;", "&#0;", "]]>", "<![CDATA[", "\"",
                        "{", "}", "null", "\\u0000", "\uFFFF", "\uD800", "0704.0001", "hep-th/99", "2025-13-45", "<id></id>",
                        "<datestamp>x</datestamp>", "<resumptionToken completeListSize=\"x\">t</resumptionToken>"),
                Arbitraries.strings().ofMaxLength(20));
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 200), text).as(Damage::new);
    }

    @Provide
    Arbitrary<List<Damage>> damages() {
        return damage().list().ofMaxSize(5);
    }

    private static List<byte[]> read(String... files) {
        try {
            var out = new java.util.ArrayList<byte[]>();
            for (String f : files) {
                out.add(Files.readAllBytes(TestApp.shared(f)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
