package dev.paperboy.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ArxivIdTest {

    @Test
    void a_bare_new_style_id_parses_without_a_version() {
        ArxivId id = ArxivId.parse("2402.11215");

        assertThat(id.id()).isEqualTo("2402.11215");
        assertThat(id.version()).isZero();
        assertThat(id.isNewStyle()).isTrue();
        assertThat(id.withVersion()).isEqualTo("2402.11215");
    }

    @Test
    void a_version_is_kept_apart_from_the_id() {
        ArxivId id = ArxivId.parse("2402.11215v2");

        assertThat(id).isEqualTo(new ArxivId("2402.11215", 2));
        assertThat(id.toString()).isEqualTo("2402.11215");
        assertThat(id.withVersion()).isEqualTo("2402.11215v2");
    }

    @Test
    void four_digit_numbers_are_accepted_before_2015() {
        assertThat(ArxivId.parse("0704.0001").id()).isEqualTo("0704.0001");
        assertThat(ArxivId.parse("1412.8012v3").id()).isEqualTo("1412.8012");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arXiv:2402.11215v2", "arxiv:2402.11215v2", "ARXIV:2402.11215V2", "  2402.11215v2\n",
        "https://arxiv.org/abs/2402.11215v2", "http://www.arxiv.org/pdf/2402.11215v2.pdf",
        "https://export.arxiv.org/abs/2402.11215v2/", "https://arxiv.org/html/2402.11215v2?context=cs#S1",
        "HTTPS://ArXiv.org/PDF/2402.11215v2.pdf?download=1", "arxiv.org/pdf/2402.11215v2", "www.arxiv.org/abs/2402.11215v2",
        "https://huggingface.co/papers/2402.11215v2", "hf.co/papers/2402.11215v2#community",
        "https://www.alphaxiv.org/abs/2402.11215v2", "alphaxiv.org/overview/2402.11215v2",
    })
    void prefixes_and_urls_are_unwrapped(String text) {
        assertThat(ArxivId.parse(text)).isEqualTo(new ArxivId("2402.11215", 2));
    }

    @Test
    void old_style_ids_keep_their_archive() {
        ArxivId id = ArxivId.parse("hep-th/9901001");

        assertThat(id.id()).isEqualTo("hep-th/9901001");
        assertThat(id.isNewStyle()).isFalse();
        assertThat(ArxivId.parse("cond-mat/0011001v3").withVersion()).isEqualTo("cond-mat/0011001v3");
    }

    @Test
    void old_style_ids_drop_the_subject_class_and_lowercase_the_archive() {
        assertThat(ArxivId.parse("math.GT/0309136").id()).isEqualTo("math/0309136");
        assertThat(ArxivId.parse("physics.optics/0701001v1").withVersion()).isEqualTo("physics/0701001v1");
        assertThat(ArxivId.parse("arXiv:HEP-TH/9901001").id()).isEqualTo("hep-th/9901001");
        assertThat(ArxivId.parse("https://arxiv.org/abs/cs.AI/0101001v2")).isEqualTo(new ArxivId("cs/0101001", 2));
    }

    @Test
    void urls_point_at_the_unversioned_id() {
        ArxivId id = ArxivId.parse("arXiv:2402.11215v2");

        assertThat(id.absUrl()).isEqualTo("https://arxiv.org/abs/2402.11215");
        assertThat(id.pdfUrl()).isEqualTo("https://arxiv.org/pdf/2402.11215");
        assertThat(ArxivId.parse("math.GT/0309136").absUrl()).isEqualTo("https://arxiv.org/abs/math/0309136");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ", "garbage", "2413.11215", "2400.11215", "2402.112", "2402.1121", "2402.112155", "1412.12345",
        "0703.0001", "2402.00000", "2402.11215v0", "2402.11215v01", "2402.11215v", "2402.11215v1234567890",
        "hep-th/9901", "hep-th/99010011", "hep-th/9913001", "hep-th/0801001", "foo-bar/9901001",
        "hep-th/9901000", "math.G2/0309136", "arXiv:arXiv:2402.11215", "https://example.org/abs/2402.11215",
        "https://arxiv.org/list/2402.11215", "2402.11215 2402.11216", "2402.11215v2\n/",
        "https://huggingface.co/models/2402.11215", "ftp://arxiv.org/abs/2402.11215", "notarxiv.org/abs/2402.11215",
    })
    void anything_else_is_rejected(String text) {
        assertThat(ArxivId.isValid(text)).isFalse();
        assertThatThrownBy(() -> ArxivId.parse(text))
                .isInstanceOf(InvalidArxivIdException.class)
                .hasMessageContaining("expected an arXiv id like 2402.11215, 2402.11215v2, arXiv:2402.11215 or "
                        + "hep-th/9901001");
    }

    @Test
    void the_rejection_names_the_input() {
        assertThatThrownBy(() -> ArxivId.parse("2402.1121"))
                .isInstanceOf(InvalidArxivIdException.class)
                .hasMessageStartingWith("not an arXiv id: \"2402.1121\";");
        assertThatThrownBy(() -> ArxivId.parse(null)).hasMessageStartingWith("not an arXiv id: null;");
    }

    @Test
    void a_long_input_is_truncated_in_the_message_but_not_in_the_exception() {
        String text = "x".repeat(100);

        assertThatThrownBy(() -> ArxivId.parse(text))
                .hasMessageContaining('"' + "x".repeat(60) + "…\"")
                .hasMessageNotContaining("x".repeat(61))
                .satisfies(e -> assertThat(((InvalidArxivIdException) e).input()).isEqualTo(text));
    }

    @Test
    void the_constructor_only_accepts_canonical_ids() {
        assertThatThrownBy(() -> new ArxivId("arXiv:2402.11215", 0)).isInstanceOf(InvalidArxivIdException.class);
        assertThatThrownBy(() -> new ArxivId("HEP-TH/9901001", 0)).isInstanceOf(InvalidArxivIdException.class);
        assertThatThrownBy(() -> new ArxivId("2402.11215", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
