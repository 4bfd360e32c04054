package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void a_name_is_keyed_whole_and_as_citations_write_it() {
        assertThat(Names.nameKeys("Geoffrey E. Hinton")).containsExactlyInAnyOrder(
                "geoffrey e hinton", "geoffrey hinton", "g e hinton", "g hinton", "hinton g e", "hinton g");
    }

    @Test
    void a_name_of_two_words_gets_its_initial_before_and_after_the_surname() {
        assertThat(Names.nameKeys("Christopher Ré")).containsExactlyInAnyOrder(
                "christopher re", "c re", "re c");
    }

    @Test
    void a_suffix_is_not_taken_for_the_surname() {
        assertThat(Names.nameKeys("Martin Luther King Jr.")).contains("martin luther king jr", "martin king", "m l king",
                "king m").doesNotContain("martin jr", "jr m");
        assertThat(Names.surname("Martin Luther King Jr.")).isEqualTo("king");
    }

    @Test
    void umlauts_and_eszett_are_keyed_folded_and_written_out() {
        assertThat(Names.nameKeys("Jürgen Müller")).contains("jurgen muller", "juergen mueller", "j muller",
                "j mueller", "mueller j");
        assertThat(Names.surnames("Jürgen Müller")).containsExactly("muller", "mueller");
        assertThat(Names.surnames("Bernhard Schölkopf")).containsExactly("scholkopf", "schoelkopf");
        assertThat(Names.surnames("Karl Weiß")).containsExactly("weiss");
        assertThat(Names.surnames("Christopher Ré")).containsExactly("re");
    }

    @Test
    void a_hyphenated_surname_is_keyed_whole_and_by_its_last_part() {
        assertThat(Names.nameKeys("Anna Smith-Jones")).contains("anna smith jones", "a smith jones", "smith jones a");
        assertThat(Names.surnames("Anna Smith-Jones")).containsExactly("jones", "smith jones");
        assertThat(Names.surname("Anna Smith-Jones")).isEqualTo("jones");
    }

    @Test
    void a_one_word_name_is_its_own_key_and_an_empty_one_has_none() {
        assertThat(Names.nameKeys("Plato")).containsExactly("plato");
        assertThat(Names.nameKeys(" , ")).isEmpty();
        assertThat(Names.surname(" , ")).isNull();
    }
}
