package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Simple inline TeX becomes HTML on the server; anything else is left, byte for byte, for KaTeX. */
class InlineTexTest {

    private static String tex(String html) {
        return "<span class=\"tex\">" + html + "</span>";
    }

    @Test
    void a_letter_is_italic_like_katex_sets_it() {
        assertThat(InlineTex.html("for $k$-sparse signals")).isEqualTo("for " + tex("<i>k</i>") + "-sparse signals");
        assertThat(InlineTex.leavesTex("for $k$-sparse signals")).isFalse();
    }

    @Test
    void a_superscript_of_one_character_becomes_sup() {
        assertThat(InlineTex.html("$O(N^2)$")).isEqualTo(tex("<i>O</i>(<i>N</i><sup>2</sup>)"));
    }

    @Test
    void a_subscript_with_a_braced_group_becomes_sub_and_scripts_nest() {
        assertThat(InlineTex.html("$\\mathbb{F}_{q^m}$")).isEqualTo(tex("𝔽<sub><i>q</i><sup><i>m</i></sup></sub>"));
        assertThat(InlineTex.html("$x_i^2$")).isEqualTo(tex("<i>x</i><sub><i>i</i></sub><sup>2</sup>"));
    }

    @Test
    void greek_letters_and_symbols_become_unicode_with_space_around_relations_and_operators() {
        assertThat(InlineTex.html("$\\alpha\\in [0,1]$")).isEqualTo(tex("<i>α</i>\u00a0∈ [0,\u20091]"));
        assertThat(InlineTex.html("$950\\times540$")).isEqualTo(tex("950\u00a0× 540"));
        assertThat(InlineTex.html("$\\ell_2$")).isEqualTo(tex("ℓ<sub>2</sub>"));
        assertThat(InlineTex.html("$\\Omega \\rightarrow \\infty$")).isEqualTo(tex("Ω\u00a0→ ∞"));
    }

    @Test
    void a_minus_without_a_left_operand_is_a_sign_not_an_operator() {
        assertThat(InlineTex.html("$-1$")).isEqualTo(tex("−1"));
        assertThat(InlineTex.html("$a-b$")).isEqualTo(tex("<i>a</i>\u00a0− <i>b</i>"));
        assertThat(InlineTex.html("$10^{-3}$")).isEqualTo(tex("10<sup>−3</sup>"));
    }

    @Test
    void greek_typed_as_unicode_is_set_like_its_command() {
        assertThat(InlineTex.html("$(r,δ)$ and $Δ$")).isEqualTo(tex("(<i>r</i>,\u2009<i>δ</i>)") + " and " + tex("Δ"));
    }

    @Test
    void an_accent_over_one_letter_becomes_a_combining_mark_and_over_more_is_left_for_katex() {
        assertThat(InlineTex.html("$\\hat{\\theta}$")).isEqualTo(tex("<i>θ\u0302</i>"));
        assertThat(InlineTex.html("$\\bar x$")).isEqualTo(tex("<i>x\u0304</i>"));
        assertThat(InlineTex.html("$\\hat{xy}$")).isEqualTo("$\\hat{xy}$");
    }

    @Test
    void underline_and_pmod_are_understood() {
        assertThat(InlineTex.html("$\\underline{x}$")).isEqualTo(tex("<u><i>x</i></u>"));
        assertThat(InlineTex.html("$a\\pmod{p}$")).isEqualTo(tex("<i>a</i>\u2003(mod\u2009<i>p</i>)"));
    }

    @Test
    void consecutive_letters_share_one_italic_element() {
        assertThat(InlineTex.html("$xy$")).isEqualTo(tex("<i>xy</i>"));
    }

    @Test
    void double_struck_and_calligraphic_letters_use_letterlike_symbols_where_unicode_put_them() {
        assertThat(InlineTex.html("$\\mathbb{R}^n$")).isEqualTo(tex("ℝ<sup><i>n</i></sup>"));
        assertThat(InlineTex.html("$\\mathbb{E}$")).isEqualTo(tex("𝔼"));
        assertThat(InlineTex.html("$\\mathcal{O}(1)$")).isEqualTo(tex("𝒪(1)"));
        assertThat(InlineTex.html("$\\mathcal{L}$")).isEqualTo(tex("ℒ"));
    }

    @Test
    void text_commands_keep_their_spaces_and_fonts() {
        assertThat(InlineTex.html("$\\textbf{MDial}$")).isEqualTo(tex("<b>MDial</b>"));
        assertThat(InlineTex.html("$\\texttt{YC-Bench}$")).isEqualTo(tex("<code>YC-Bench</code>"));
        assertThat(InlineTex.html("$x \\text{ if } y$")).isEqualTo(tex("<i>x</i> if <i>y</i>"));
        assertThat(InlineTex.html("$\\mathbf{x}$")).isEqualTo(tex("<b>x</b>"));
        assertThat(InlineTex.html("$\\emph{new}$")).isEqualTo(tex("<i>new</i>"));
    }

    @Test
    void function_names_are_upright_and_set_off_from_their_argument() {
        assertThat(InlineTex.html("$\\log n$")).isEqualTo(tex("log\u2009<i>n</i>"));
        assertThat(InlineTex.html("$\\max(a,b)$")).isEqualTo(tex("max(<i>a</i>,\u2009<i>b</i>)"));
        assertThat(InlineTex.html("$\\operatorname{softmax}$")).isEqualTo(tex("softmax"));
    }

    @Test
    void an_unknown_command_is_left_for_katex() {
        String text = "a rate of $\\frac{1}{\\sqrt{n}}$ and $\\mathfrak{g}$";
        assertThat(InlineTex.html(text)).isEqualTo(text);
        assertThat(InlineTex.leavesTex(text)).isTrue();
    }

    @Test
    void only_the_spans_not_understood_are_left_for_katex() {
        assertThat(InlineTex.html("$k$ and $\\binom{n}{k}$")).isEqualTo(tex("<i>k</i>") + " and $\\binom{n}{k}$");
        assertThat(InlineTex.leavesTex("$k$ and $\\binom{n}{k}$")).isTrue();
    }

    @Test
    void unbalanced_braces_and_double_scripts_are_left_for_katex() {
        assertThat(InlineTex.html("$x^{2$")).isEqualTo("$x^{2$");
        assertThat(InlineTex.html("$x}$")).isEqualTo("$x}$");
        assertThat(InlineTex.html("$x^2^3$")).isEqualTo("$x^2^3$");
        assertThat(InlineTex.html("$x^$")).isEqualTo("$x^$");
    }

    @Test
    void display_math_and_left_right_are_left_for_katex() {
        assertThat(InlineTex.html("$$x$$")).isEqualTo("$$x$$");
        assertThat(InlineTex.html("\\[x\\]")).isEqualTo("\\[x\\]");
        assertThat(InlineTex.html("$\\left(x\\right)$")).isEqualTo("$\\left(x\\right)$");
        assertThat(InlineTex.leavesTex("$$x$$")).isTrue();
    }

    @Test
    void inline_parentheses_delimiters_are_converted_too() {
        assertThat(InlineTex.html("\\(x\\)")).isEqualTo(tex("<i>x</i>"));
    }

    @Test
    void an_unclosed_dollar_ends_the_search_as_it_does_for_katex_auto_render() {
        assertThat(InlineTex.html("costs $5 and $x$ more")).isEqualTo("costs " + tex("5<i>and</i>") + "x$ more");
        assertThat(InlineTex.html("it costs $5")).isEqualTo("it costs $5");
        assertThat(InlineTex.leavesTex("it costs $5")).isFalse();
    }

    @Test
    void html_in_tex_is_escaped() {
        assertThat(InlineTex.html("$x<y$ & $a>b$")).isEqualTo(tex("<i>x</i>\u00a0&lt; <i>y</i>") + " &amp; "
                + tex("<i>a</i>\u00a0&gt; <i>b</i>"));
        assertThat(InlineTex.html("$\\text{<script>alert(1)</script>}$"))
                .isEqualTo(tex("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertThat(InlineTex.html("$\\href{javascript:alert(1)}{x}$ <b>\"'"))
                .isEqualTo("$\\href{javascript:alert(1)}{x}$ &lt;b&gt;&#34;&#39;");
    }

    @Test
    void text_without_tex_is_only_escaped() {
        assertThat(InlineTex.html("p < 0.05 & q > 1")).isEqualTo("p &lt; 0.05 &amp; q &gt; 1");
        assertThat(InlineTex.html(null)).isEmpty();
        assertThat(InlineTex.leavesTex(null)).isFalse();
    }

    @Test
    void converted_spans_hold_no_delimiter_for_katex_to_find_again() {
        String html = InlineTex.html("$\\{a\\}$, $\\%$, $x'$");
        assertThat(html).doesNotContain("$").doesNotContain("\\(").doesNotContain("\\[");
        assertThat(InlineTex.html("$\\$5$")).isEqualTo("$\\$5$");
    }
}
