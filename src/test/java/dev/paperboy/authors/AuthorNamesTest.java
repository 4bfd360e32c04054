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
    }

    @Test
    void different_initials_or_last_names_do_not_match() {
        assertThat(AuthorNames.same("Anna Schmidt", "B. Schmidt")).isFalse();
        assertThat(AuthorNames.same("Anna Schmidt", "Anna Schmid")).isFalse();
        assertThat(AuthorNames.matching(List.of("Y. LeCun", "G. Hinton"), List.of("Yann LeCun", "Léon Bottou"))).containsExactly("Y. LeCun");
    }

    @Test
    void a_name_without_letters_has_no_key() {
        assertThat(AuthorNames.key("  ., ")).isEmpty();
    }
}
