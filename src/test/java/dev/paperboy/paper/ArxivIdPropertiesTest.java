package dev.paperboy.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ArxivIdPropertiesTest {

    private static final List<String> ARCHIVES = List.of(
            "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn", "chem-ph",
            "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
            "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph",
            "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con");

    /** A canonical id and one way of writing it before any version or wrapping. */
    record Core(String id, String text) {}

    /** Text to put around a written id: whitespace, an arXiv: prefix or a URL. */
    record Wrapping(String before, String after) {
        String around(String text) {
            return before + text + after;
        }
    }

    record Written(ArxivId expected, String text) {}

    @Property
    void parsing_a_written_id_gives_back_its_id_and_version(@ForAll("writtenIds") Written written) {
        assertThat(ArxivId.isValid(written.text())).isTrue();
        assertThat(ArxivId.parse(written.text())).isEqualTo(written.expected());
    }

    @Property
    void the_canonical_form_is_a_fixed_point(@ForAll("writtenIds") Written written) {
        String canonical = ArxivId.parse(written.text()).toString();

        assertThat(ArxivId.parse(canonical)).isEqualTo(new ArxivId(canonical, 0));
        assertThat(ArxivId.parse(canonical).toString()).isEqualTo(canonical);
    }

    @Property
    void malformed_ids_are_rejected_with_the_exception(@ForAll("malformedIds") String text) {
        assertRejected(text);
    }

    @Property
    void random_ascii_is_rejected_with_the_exception(@ForAll("randomAscii") String text) {
        assertRejected(text);
    }

    private static void assertRejected(String text) {
        assertThat(ArxivId.isValid(text)).isFalse();
        assertThatThrownBy(() -> ArxivId.parse(text))
                .isExactlyInstanceOf(InvalidArxivIdException.class)
                .hasMessageContaining("expected an arXiv id like");
    }

    @Provide
    Arbitrary<Written> writtenIds() {
        return Combinators.combine(Arbitraries.oneOf(newStyle(), oldStyle()), versions(), vs(), wrappings())
                .as((core, version, v, wrapping) -> new Written(
                        new ArxivId(core.id(), version),
                        wrapping.around(core.text() + (version == 0 ? "" : v + version))));
    }

    @Provide
    Arbitrary<String> malformedIds() {
        Arbitrary<String> core = Arbitraries.oneOf(
                wrongDigitCounts(), numbersOfTheWrongWidthForTheirMonth(), badMonths(), badOldStyle());
        Arbitrary<String> suffix = Arbitraries.oneOf(
                Arbitraries.of("", "v0", "v01", "v", "v-1", "v1234567890"),
                versions().map(n -> n == 0 ? "" : "v" + n));
        return Combinators.combine(core, suffix, wrappings()).as((c, s, w) -> w.around(c + s));
    }

    @Provide
    Arbitrary<String> randomAscii() {
        return Arbitraries.strings().ascii().ofMaxLength(40);
    }

    private static Arbitrary<Core> newStyle() {
        Arbitrary<String> fourDigits = Combinators.combine(yymm(7, 14).filter(d -> d.compareTo("0704") >= 0), number(4))
                .as((d, n) -> d + "." + n);
        Arbitrary<String> fiveDigits = Combinators.combine(yymm(15, 99), number(5)).as((d, n) -> d + "." + n);
        return Arbitraries.oneOf(fourDigits, fiveDigits).map(id -> new Core(id, id));
    }

    private static Arbitrary<Core> oldStyle() {
        Arbitrary<String> subjectClass = Arbitraries.oneOf(
                Arbitraries.just(""), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(s -> "." + s));
        Arbitrary<String> date = Arbitraries.oneOf(yymm(91, 99), yymm(0, 7));
        return Combinators.combine(Arbitraries.of(ARCHIVES), Arbitraries.of(false, true), subjectClass, date, number(3))
                .as((archive, shout, sc, d, n) -> new Core(
                        archive + "/" + d + n, (shout ? archive.toUpperCase() : archive) + sc + "/" + d + n));
    }

    private static Arbitrary<String> wrongDigitCounts() {
        return Arbitraries.oneOf(
                Combinators.combine(yymm(15, 99), digits(0, 3)).as((d, n) -> d + "." + n),
                Combinators.combine(yymm(15, 99), digits(6, 9)).as((d, n) -> d + "." + n),
                Combinators.combine(digits(0, 3), number(5)).as((d, n) -> d + "." + n),
                Combinators.combine(digits(5, 6), number(5)).as((d, n) -> d + "." + n),
                Combinators.combine(Arbitraries.of(ARCHIVES), yymm(91, 99), digits(0, 2))
                        .as((a, d, n) -> a + "/" + d + n),
                Combinators.combine(Arbitraries.of(ARCHIVES), yymm(91, 99), digits(4, 6))
                        .as((a, d, n) -> a + "/" + d + n));
    }

    private static Arbitrary<String> numbersOfTheWrongWidthForTheirMonth() {
        return Arbitraries.oneOf(
                Combinators.combine(yymm(15, 99), number(4)).as((d, n) -> d + "." + n),
                Combinators.combine(yymm(7, 14).filter(d -> d.compareTo("0704") >= 0), number(5))
                        .as((d, n) -> d + "." + n),
                Combinators.combine(yymm(0, 7).filter(d -> d.compareTo("0704") < 0), number(4))
                        .as((d, n) -> d + "." + n));
    }

    private static Arbitrary<String> badMonths() {
        Arbitrary<String> month = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(13, 99))
                .map("%02d"::formatted);
        Arbitrary<String> year = Arbitraries.integers().between(0, 99).map("%02d"::formatted);
        return Arbitraries.oneOf(
                Combinators.combine(year, month, number(5)).as((y, m, n) -> y + m + "." + n),
                Combinators.combine(year, month, number(4)).as((y, m, n) -> y + m + "." + n),
                Combinators.combine(Arbitraries.of(ARCHIVES), year, month, number(3))
                        .as((a, y, m, n) -> a + "/" + y + m + n));
    }

    private static Arbitrary<String> badOldStyle() {
        Arbitrary<String> unknownArchive = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-")
                .ofMinLength(1).ofMaxLength(10).filter(a -> !ARCHIVES.contains(a));
        return Arbitraries.oneOf(
                Combinators.combine(unknownArchive, yymm(91, 99), number(3)).as((a, d, n) -> a + "/" + d + n),
                Combinators.combine(Arbitraries.of(ARCHIVES), yymm(8, 90), number(3)).as((a, d, n) -> a + "/" + d + n),
                Combinators.combine(Arbitraries.of(ARCHIVES), yymm(91, 99)).as((a, d) -> a + "/" + d + "000"));
    }

    private static Arbitrary<String> digits(int minLength, int maxLength) {
        return Arbitraries.strings().numeric().ofMinLength(minLength).ofMaxLength(maxLength);
    }

    private static Arbitrary<String> yymm(int fromYear, int toYear) {
        return Combinators.combine(Arbitraries.integers().between(fromYear, toYear), Arbitraries.integers().between(1, 12))
                .as("%02d%02d"::formatted);
    }

    private static Arbitrary<String> number(int width) {
        return Arbitraries.integers().between(1, (int) Math.pow(10, width) - 1).map(n -> ("%0" + width + "d").formatted(n));
    }

    private static Arbitrary<Integer> versions() {
        return Arbitraries.oneOf(
                Arbitraries.just(0), Arbitraries.integers().between(1, 20), Arbitraries.integers().between(1, 999_999_999));
    }

    private static Arbitrary<String> vs() {
        return Arbitraries.of("v", "V");
    }

    private static Arbitrary<Wrapping> wrappings() {
        Arbitrary<Wrapping> prefixed = Arbitraries.of("", "arXiv:", "arxiv:", "ARXIV:").map(p -> new Wrapping(p, ""));
        Arbitrary<Wrapping> urls = Combinators.combine(
                        Arbitraries.of("http://", "https://", "HTTPS://"),
                        Arbitraries.of("", "www.", "export."),
                        Arbitraries.of("arxiv.org/", "ArXiv.org/"),
                        Arbitraries.of("abs/", "pdf/", "html/"),
                        Arbitraries.of("", ".pdf", ".pdf/", "/"),
                        Arbitraries.of("", "?context=cs", "#S2", "?a=b#c"))
                .as((scheme, sub, host, kind, tail, query) -> new Wrapping(scheme + sub + host + kind, tail + query));
        Arbitrary<String> space = Arbitraries.of("", " ", "\t", "\n ");
        return Combinators.combine(Arbitraries.oneOf(prefixed, urls), space, space)
                .as((w, lead, trail) -> new Wrapping(lead + w.before(), w.after() + trail));
    }
}
