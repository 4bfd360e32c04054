package dev.paperboy.authors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorNamesTest {
    @Test
    void initials_accents_and_comma_order_give_the_same_key() {
        assertThat(AuthorNames.key("Jörg K. Müller")).isEqualTo("muller j");
        assertThat(AuthorNames.key("J. Muller")).isEqualTo("muller j");
        assertThat(AuthorNames.key("Müller, Jörg")).isEqualTo("muller j");
        assertThat(AuthorNames.key("Martin Luther King Jr.")).isEqualTo("king m");
        assertThat(AuthorNames.key("Muller J")).isEqualTo("muller j");
        assertThat(AuthorNames.key("Hinton G E")).isEqualTo("hinton g");
    }

    @Test
    void letters_unicode_does_not_decompose_are_written_out_not_dropped() {
        assertThat(AuthorNames.key("Marcel Rød")).isEqualTo("rod m");
        assertThat(AuthorNames.key("Gül Sena Altıntaş")).isEqualTo("altintas g");
        assertThat(AuthorNames.key("Michał Kozłowski")).isEqualTo("kozlowski m");
        assertThat(AuthorNames.same("Marcel Rød", "Marcel Rod")).isTrue();
    }

    @Test
    void different_initials_or_last_names_do_not_match() {
        assertThat(AuthorNames.same("Anna Schmidt", "B. Schmidt")).isFalse();
        assertThat(AuthorNames.same("Anna Schmidt", "Anna Schmid")).isFalse();
        assertThat(AuthorNames.matching(List.of("Y. LeCun", "G. Hinton"), List.of("Yann LeCun", "Léon Bottou"))).containsExactly("Y. LeCun");
    }

    @Test
    void an_umlaut_written_out_matches_the_name_written_with_it() {
        assertThat(AuthorNames.keys("Jörg Müller")).containsExactly("muller j", "mueller j");
        assertThat(AuthorNames.same("Jörg Müller", "J. Mueller")).isTrue();
        assertThat(AuthorNames.same("Jörg Müller", "Muller, J.")).isTrue();
        assertThat(AuthorNames.same("Xin Xu", "X. Xue")).isFalse();
        assertThat(AuthorNames.keys("Anna Weiß")).containsExactly("weiss a");
    }

    @Test
    void a_name_without_letters_has_no_key() {
        assertThat(AuthorNames.key("  ., ")).isEmpty();
    }
}
