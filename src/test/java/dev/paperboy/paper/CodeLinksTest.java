package dev.paperboy.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CodeLinksTest {

    @Test
    void a_github_url_ending_an_abstract_is_found() {
        // The end of the real abstract of arXiv 2503.11781.
        String text =
                "The codes, dataset, and pre-trained models are available at: https://github.com/gosha20777/cmKAN";

        assertThat(CodeLinks.find(text)).containsExactly("https://github.com/gosha20777/cmKAN");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Our code is available at https://www.github.com/sremedios/eclare.   | https://github.com/sremedios/eclare
            Code: github.com/lpiccinelli-eth/unik3d                             | https://github.com/lpiccinelli-eth/unik3d
            Code: www.github.com/ka-mirul/R-Sparse-R-CNN.                       | https://github.com/ka-mirul/R-Sparse-R-CNN
            see http://github.com/hf618/COSMIC.                                 | https://github.com/hf618/COSMIC
            (code at https://github.com/a-b/c_d.e).                             | https://github.com/a-b/c_d.e
            code: https://github.com/owner/repo/,                               | https://github.com/owner/repo
            code: https://github.com/owner/repo;                                | https://github.com/owner/repo
            code: https://github.com/owner/repo:                                | https://github.com/owner/repo
            code: https://github.com/owner/repo#                                | https://github.com/owner/repo
            HTTPS://GitHub.COM/Owner/Repo                                       | https://github.com/Owner/Repo
            \\url{https://github.com/owner/repo}                                | https://github.com/owner/repo
            https://github.com/owner/repo?tab=readme-ov-file                    | https://github.com/owner/repo
            https://github.com/owner/repo/tree/main/src/                        | https://github.com/owner/repo/tree/main/src
            """)
    void a_github_link_is_normalised_to_https_without_trailing_punctuation(String text, String expected) {
        assertThat(CodeLinks.find(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://gitlab.com/group/subgroup/project                           | https://gitlab.com/group/subgroup/project
            gitlab.com/group/project.                                           | https://gitlab.com/group/project
            data: huggingface.co/datasets/IrohXu/SocialGesture.                 | https://huggingface.co/datasets/IrohXu/SocialGesture
            https://huggingface.co/spaces/owner/demo)                           | https://huggingface.co/spaces/owner/demo
            """)
    void gitlab_and_hugging_face_links_are_found(String text, String expected) {
        assertThat(CodeLinks.find(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Project page: https://zju3dv.github.io/murre/                       | https://zju3dv.github.io/murre
            https://wikiautogen.github.io/                                      | https://wikiautogen.github.io
            See mono2stereo-bench.github.io.                                    | https://mono2stereo-bench.github.io
            https://genjib.github.io/project_page/AVED/index.html               | https://genjib.github.io/project_page/AVED/index.html
            """)
    void github_io_project_pages_are_kept_even_without_a_path(String text, String expected) {
        assertThat(CodeLinks.find(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Code is on GitHub.",
        "Code will be released on Github: soon.",
        "available at https://github.com",
        "available at https://github.com/.",
        "see https://github.com/openai for more",
        "see https://github.com/openai/",
        "models at huggingface.co/inceptionai.",
        "see gitlab.com/someone",
        "published at www.github.com.",
        "our page human-tailor.github.com",
        "write to someone@github.com",
        "a gist: https://gist.github.com/someone/0123456789abcdef",
        "see https://docs.github.com/en/actions",
        "an API: https://api.github.com/repos/owner/repo",
        "mygithub.com/owner/repo",
    })
    void bare_hosts_user_pages_and_other_hosts_are_not_code_links(String text) {
        assertThat(CodeLinks.find(text)).isEmpty();
    }

    @Test
    void duplicates_are_removed_keeping_the_order_of_first_appearance() {
        String abstractText = "Code: https://github.com/b/second and data https://huggingface.co/datasets/a/first.";
        String comments = "Code at github.com/b/second/; project page https://b.github.io/second.";

        assertThat(CodeLinks.find(abstractText, comments)).containsExactly(
                "https://github.com/b/second", "https://huggingface.co/datasets/a/first", "https://b.github.io/second");
    }

    @Test
    void links_run_together_without_spaces_are_all_found() {
        assertThat(CodeLinks.find("(https://github.com/a/b,https://gitlab.com/c/d)"))
                .containsExactly("https://github.com/a/b", "https://gitlab.com/c/d");
    }

    @Test
    void missing_texts_are_skipped() {
        assertThat(CodeLinks.find(null, "github.com/owner/repo", null))
                .containsExactly("https://github.com/owner/repo");
        assertThat(CodeLinks.find()).isEmpty();
        assertThat(CodeLinks.find((String) null)).isEmpty();
    }

    @Test
    void the_github_repo_is_the_first_github_link_cut_to_owner_and_repo() {
        List<String> links = List.of("https://owner.github.io/page", "https://huggingface.co/datasets/o/d",
                "https://github.com/owner/repo/tree/main/src", "https://github.com/other/repo");

        assertThat(CodeLinks.githubRepo(links)).isEqualTo("https://github.com/owner/repo");
    }

    @Test
    void the_github_repo_loses_a_git_suffix() {
        assertThat(CodeLinks.githubRepo(CodeLinks.find("clone https://github.com/owner/repo.git.")))
                .isEqualTo("https://github.com/owner/repo");
        assertThat(CodeLinks.githubRepo(List.of("https://github.com/owner/repo.github.io")))
                .isEqualTo("https://github.com/owner/repo.github.io");
    }

    @Test
    void without_a_github_link_there_is_no_github_repo() {
        assertThat(CodeLinks.githubRepo(List.of("https://gitlab.com/a/b", "https://a.github.io/b"))).isNull();
        assertThat(CodeLinks.githubRepo(List.of())).isNull();
    }

    @Property(tries = 300)
    void text_that_names_no_code_host_has_no_links(@ForAll("ordinaryText") String text) {
        assertThat(CodeLinks.find(text)).isEmpty();
    }

    @Property(tries = 300)
    void a_repository_url_written_any_way_is_found_as_its_canonical_link(
            @ForAll("repoMentions") RepoMention mention) {
        List<String> found = CodeLinks.find(mention.text());

        assertThat(found).containsExactly(mention.canonical());
        assertThat(CodeLinks.githubRepo(found)).isEqualTo(mention.canonical());
        assertThat(CodeLinks.find(String.join(" ", found))).isEqualTo(found);
    }

    @Provide
    Arbitrary<String> ordinaryText() {
        // Letters, digits and the punctuation of URLs and prose, but never the name of a code host.
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzGHIT0123456789 ./:-_(),;#\n")
                .ofMaxLength(300)
                .filter(s -> {
                    String lower = s.toLowerCase(Locale.ROOT);
                    return !lower.contains("github") && !lower.contains("gitlab") && !lower.contains("huggingface");
                });
    }

    record RepoMention(String text, String canonical) {}

    @Provide
    Arbitrary<RepoMention> repoMentions() {
        Arbitrary<String> owner = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABC0123456789")
                .ofMinLength(1).ofMaxLength(12)
                .flatMap(core -> Arbitraries.of("", "-x", "-42").map(tail -> core + tail));
        Arbitrary<String> repo = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzXYZ0123456789_.-")
                .ofMinLength(0).ofMaxLength(15)
                .map(middle -> "r" + middle + "9");
        Arbitrary<String> scheme = Arbitraries.of("", "http://", "https://", "https://www.", "www.", "HTTPS://");
        Arbitrary<String> after = Arbitraries.of("", "/", ".", ",", ";", ":", ")", ").", "/.", "#", "?tab=readme");
        Arbitrary<String> before = Arbitraries.of("", "(", "Code: ", "at\n", "\\url{", "[1] ");
        Arbitrary<String> host = Arbitraries.of("github.com", "GitHub.com");
        return Combinators.combine(before, scheme, host, owner, repo, after)
                .as((b, s, h, o, r, a) -> new RepoMention(
                        "Our code is available " + b + s + h + "/" + o + "/" + r + a + " and more text.",
                        "https://github.com/" + o + "/" + r));
    }
}
