package dev.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommentMarkdownTest {

    @Test
    void markdownBecomesHtml() {
        assertThat(CommentMarkdown.html("Nice **result** in `eq. 3`"))
                .isEqualTo("<p>Nice <strong>result</strong> in <code>eq. 3</code></p>\n");
    }

    @Test
    void rawHtmlIsShownAsTextNeverPassedThrough() {
        assertThat(CommentMarkdown.html("<script>alert(1)</script> <img src=x onerror=alert(1)>"))
                .doesNotContain("<script", "<img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void linksGetNofollowUgcAndOnlyWebOrMailSchemesSurvive() {
        assertThat(CommentMarkdown.html("[code](https://github.com/x/y)"))
                .isEqualTo("<p><a rel=\"nofollow ugc noopener\" href=\"https://github.com/x/y\">code</a></p>\n");
        assertThat(CommentMarkdown.html("[a](javascript:alert(1)) [b](data:text/html,<script>alert(1)</script>) [c](JaVaScRiPt:alert(1))"))
                .doesNotContainIgnoringCase("javascript:")
                .doesNotContain("data:");
        assertThat(CommentMarkdown.html("[mail](mailto:ada@example.org)")).contains("href=\"mailto:ada@example.org\"");
    }

    @Test
    void imagesBecomeLinksSoNoThirdPartyImageLoads() {
        assertThat(CommentMarkdown.html("![a plot](https://example.org/plot.png)"))
                .doesNotContain("<img")
                .contains("<a rel=\"nofollow ugc noopener\" href=\"https://example.org/plot.png\">a plot</a>");
    }

    @Test
    void texIsLeftAsWrittenForKatexWhileMarkdownAroundItStillWorks() {
        assertThat(CommentMarkdown.html("With $a_1 * b_2$ and $$\\{x \\mid x_i > 0\\}$$, **bold** and `$not_math$`"))
                .isEqualTo("<p>With $a_1 * b_2$ and $$\\{x \\mid x_i &gt; 0\\}$$, <strong>bold</strong> and <code>$not_math$</code></p>\n");
        assertThat(CommentMarkdown.html("Inline \\(\\alpha_{t+1}\\) here")).isEqualTo("<p>Inline \\(\\alpha_{t+1}\\) here</p>\n");
    }
}
