package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The search box's syntax: each element, combinations, and malformed input read as plain words. */
class QuerySyntaxTest {

    @Test
    void plain_words_are_words() {
        var query = QuerySyntax.parse("  adaptive   batch size ");

        assertThat(query.words()).containsExactly("adaptive", "batch", "size");
        assertThat(query.phrases()).isEmpty();
        assertThat(query.hasText()).isTrue();
        assertThat(query.semanticText()).isEqualTo("adaptive batch size");
    }

    @Test
    void a_quoted_phrase_is_a_phrase() {
        var query = QuerySyntax.parse("\"batch size\" schedule");

        assertThat(query.phrases()).containsExactly("batch size");
        assertThat(query.words()).containsExactly("schedule");
        assertThat(query.semanticText()).isEqualTo("schedule batch size");
    }

    @Test
    void a_leading_dash_excludes_a_word_or_a_phrase() {
        var query = QuerySyntax.parse("diffusion -video -\"text to image\"");

        assertThat(query.words()).containsExactly("diffusion");
        assertThat(query.excluded()).containsExactly("video", "text to image");
        assertThat(query.semanticText()).as("excluded words carry no meaning to embed").isEqualTo("diffusion");
    }

    @Test
    void a_dash_inside_a_word_is_part_of_the_word() {
        assertThat(QuerySyntax.parse("test-time adaptation").words()).containsExactly("test-time", "adaptation");
        assertThat(QuerySyntax.parse("test-time adaptation").excluded()).isEmpty();
    }

    @Test
    void author_takes_a_quoted_name_or_one_word() {
        assertThat(QuerySyntax.parse("author:\"Mladen Kolar\"").authors()).containsExactly("Mladen Kolar");
        assertThat(QuerySyntax.parse("au:Kolar").authors()).containsExactly("Kolar");
        assertThat(QuerySyntax.parse("AUTHOR:Kolar").authors()).as("field names ignore case").containsExactly("Kolar");
        assertThat(QuerySyntax.parse("author:\"Mladen Kolar\"").hasText()).isFalse();
        assertThat(QuerySyntax.parse("author:\"Mladen Kolar\"").isEmpty()).isFalse();
    }

    @Test
    void cat_filters_by_category_keeping_its_case() {
        var query = QuerySyntax.parse("cat:cs.LG category:stat.ML");

        assertThat(query.categories()).containsExactly("cs.LG", "stat.ML");
        assertThat(query.words()).isEmpty();
    }

    @Test
    void year_covers_the_whole_year() {
        var query = QuerySyntax.parse("year:2024");

        assertThat(query.from()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(query.until()).isEqualTo(LocalDate.of(2024, 12, 31));
    }

    @Test
    void after_and_before_bound_the_publication_day() {
        var query = QuerySyntax.parse("after:2025-01-01 before:2025-06-30");

        assertThat(query.from()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(query.until()).isEqualTo(LocalDate.of(2025, 6, 30));
    }

    @Test
    void a_month_or_a_year_alone_is_read_as_its_first_day() {
        assertThat(QuerySyntax.parse("after:2024-06").from()).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(QuerySyntax.parse("since:2023").from()).isEqualTo(LocalDate.of(2023, 1, 1));
    }

    @Test
    void every_element_combines_in_one_query() {
        var query = QuerySyntax.parse(
                "adaptive \"batch size\" -transformer author:\"Mladen Kolar\" cat:cs.LG after:2024-01-01 before:2024-12-31 gradient");

        assertThat(query).isEqualTo(new ParsedQuery(List.of("adaptive", "gradient"), List.of("batch size"),
                List.of("transformer"), List.of("Mladen Kolar"), List.of("cs.LG"),
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
    }

    @Test
    void an_unknown_field_stays_a_word() {
        assertThat(QuerySyntax.parse("title:diffusion").words()).containsExactly("title:diffusion");
    }

    @Test
    void an_unclosed_quote_is_read_as_words() {
        var query = QuerySyntax.parse("\"adaptive batch size");

        assertThat(query.phrases()).isEmpty();
        assertThat(query.words()).containsExactly("adaptive", "batch", "size");
    }

    @Test
    void author_with_nothing_after_it_is_a_word_not_a_filter() {
        assertThat(QuerySyntax.parse("author:").authors()).isEmpty();
        assertThat(QuerySyntax.parse("author:").words()).containsExactly("author:");
        assertThat(QuerySyntax.parse("author: Kolar").authors()).isEmpty();
        assertThat(QuerySyntax.parse("author: Kolar").words()).containsExactly("author:", "Kolar");
    }

    @Test
    void a_year_that_is_not_a_year_is_a_word_and_filters_nothing() {
        var query = QuerySyntax.parse("year:abcd");

        assertThat(query.from()).isNull();
        assertThat(query.until()).isNull();
        assertThat(query.words()).containsExactly("abcd");
        assertThat(QuerySyntax.parse("year:12345").from()).isNull();
        assertThat(QuerySyntax.parse("year:0999").from()).isNull();
    }

    @Test
    void an_impossible_date_is_a_word_and_filters_nothing() {
        var query = QuerySyntax.parse("after:2025-13-45 before:2025-02-30");

        assertThat(query.from()).isNull();
        assertThat(query.until()).isNull();
        assertThat(query.words()).containsExactly("2025-13-45", "2025-02-30");
    }

    @Test
    void a_url_is_one_word_not_a_field() {
        var query = QuerySyntax.parse("http://x.org/a:b");

        assertThat(query.words()).containsExactly("http://x.org/a:b");
        assertThat(query.authors()).isEmpty();
        assertThat(query.categories()).isEmpty();
    }

    @Test
    void a_lone_dash_is_a_word_and_excludes_nothing() {
        assertThat(QuerySyntax.parse("-").words()).containsExactly("-");
        assertThat(QuerySyntax.parse("batch - size").words()).containsExactly("batch", "-", "size");
        assertThat(QuerySyntax.parse("batch - size").excluded()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\"\"", "\"\"\"", "-\"\"", "\t\n"})
    void empty_quotes_and_blanks_make_an_empty_query(String input) {
        assertThat(QuerySyntax.parse(input).isEmpty()).isTrue();
    }

    @Test
    void null_is_an_empty_query() {
        assertThat(QuerySyntax.parse(null).isEmpty()).isTrue();
    }

    @Property(tries = 500)
    void any_text_parses_into_a_query_without_blank_parts(@ForAll("queryText") String input) {
        assertThatCode(() -> QuerySyntax.parse(input)).doesNotThrowAnyException();
        ParsedQuery query = QuerySyntax.parse(input);

        assertThat(query).isNotNull();
        Stream.of(query.words(), query.phrases(), query.excluded(), query.authors(), query.categories())
                .forEach(part -> assertThat(part).noneMatch(String::isBlank));
        assertThat(QuerySyntax.parse(input)).as("parsing is deterministic").isEqualTo(query);
    }

    @Property(tries = 200)
    void text_without_syntax_is_its_words(@ForAll("plainText") String input) {
        List<String> expected = Arrays.stream(input.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();

        assertThat(QuerySyntax.parse(input).words()).isEqualTo(expected);
        assertThat(QuerySyntax.parse(input).phrases()).isEmpty();
        assertThat(QuerySyntax.parse(input).excluded()).isEmpty();
    }

    /** Text rich in the characters the syntax uses, with unicode, up to 2,000 characters. */
    @Provide
    Arbitrary<String> queryText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("\"", ":", "-", " ", "  ", "author:", "cat:", "year:", "after:", "before:", "au:",
                        "-\"", "\":", "http://", "2025-13-45", "2024", "é", "日本語", "\uD83D\uDE00", "\u0000", "\t",
                        "\\", "(", ")", "*", "?", "~", "^", "AND", "OR", "NOT", "\uE000", "\uE001"),
                Arbitraries.strings().alpha().numeric().ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(4));
        return Arbitraries.oneOf(
                pieces.list().ofMaxSize(60).map(list -> String.join("", list)),
                Arbitraries.strings().all().ofMaxLength(2_000),
                pieces.list().ofMinSize(400).ofMaxSize(700).map(list -> String.join("", list)));
    }

    /** Words of letters and digits, separated by whitespace: nothing the syntax treats specially. */
    @Provide
    Arbitrary<String> plainText() {
        return Arbitraries.strings().withChars("abcxyzé日0123 \t").ofMaxLength(200);
    }
}
