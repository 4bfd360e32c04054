package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.search.SearchBackend.Marks;
import dev.paperboy.search.SearchBackend.Segment;
import org.junit.jupiter.api.Test;

class HighlightsTest {

    @Test
    void marked_ranges_become_highlighted_segments_of_the_shown_text() {
        var marks = new Marks(new int[] {0, 8, 9, 14});

        assertThat(marks.segments("Adaptive batch sizes")).containsExactly(
                new Segment(true, "Adaptive batch"), new Segment(false, " sizes"));
    }

    @Test
    void a_range_past_the_end_of_a_text_that_changed_since_indexing_is_left_out() {
        var marks = new Marks(new int[] {0, 4, 30, 36});

        assertThat(marks.segments("Deep nets")).containsExactly(new Segment(true, "Deep"), new Segment(false, " nets"));
        assertThat(marks.segments("")).containsExactly(new Segment(false, ""));
    }

    @Test
    void solr_marked_text_gives_the_same_ranges_as_the_index() {
        String marked = Highlights.OPEN + "Layer" + Highlights.CLOSE + " Normalization of " + Highlights.OPEN + "layers"
                + Highlights.CLOSE;

        assertThat(Highlights.fromMarked(marked).ranges()).containsExactly(0, 5, 23, 29);
        assertThat(Highlights.fromMarked(marked).segments("Layer Normalization of layers")).containsExactly(
                new Segment(true, "Layer"), new Segment(false, " Normalization of "), new Segment(true, "layers"));
        assertThat(Highlights.fromMarked(null)).isEqualTo(Marks.NONE);
    }
}
