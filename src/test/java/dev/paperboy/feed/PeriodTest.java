package dev.paperboy.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {

    @Test
    void a_date_is_one_day_long() {
        Period.Day day = Period.day("2025-12-30");

        assertThat(day.from()).isEqualTo(LocalDate.of(2025, 12, 30));
        assertThat(day.until()).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(day.path()).isEqualTo("date/2025-12-30");
        assertThat(day.label()).isEqualTo("Tuesday, 30 December 2025");
    }

    @Test
    void a_leap_day_exists_only_in_leap_years() {
        assertThat(Period.day("2024-02-29").from()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThatThrownBy(() -> Period.day("2025-02-29")).isInstanceOf(InvalidPeriodException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-13-45", "2025-12-32", "2025-00-10", "2025-1-5", "20251230", "yesterday", "", "2025-12-30x"})
    void a_date_that_is_not_one_is_rejected_with_the_expected_form(String text) {
        assertThatThrownBy(() -> Period.day(text))
                .isInstanceOf(InvalidPeriodException.class)
                .hasMessageContaining("YYYY-MM-DD");
    }

    @Test
    void a_missing_date_is_rejected_rather_than_taken_as_today() {
        assertThatThrownBy(() -> Period.day(null)).isInstanceOf(InvalidPeriodException.class);
    }

    @Test
    void a_week_runs_from_monday_to_sunday() {
        Period.Week week = Period.week("2025-W52");

        assertThat(week.from()).isEqualTo(LocalDate.of(2025, 12, 22));
        assertThat(week.until()).isEqualTo(LocalDate.of(2025, 12, 29));
        assertThat(week.code()).isEqualTo("2025-W52");
        assertThat(week.path()).isEqualTo("week/2025-W52");
        assertThat(week.label()).isEqualTo("Week 52 of 2025");
    }

    @Test
    void the_first_week_of_a_year_can_start_in_the_previous_december() {
        Period.Week week = Period.week("2026-W01");

        assertThat(week.from()).isEqualTo(LocalDate.of(2025, 12, 29));
        assertThat(Period.week("2025-W52").next()).isEqualTo(week);
        assertThat(((Period.Week) week.previous()).code()).isEqualTo("2025-W52");
    }

    @Test
    void week_53_exists_in_2020_but_not_in_2021() {
        Period.Week w53 = Period.week("2020-W53");

        assertThat(w53.from()).isEqualTo(LocalDate.of(2020, 12, 28));
        assertThat(w53.until()).isEqualTo(LocalDate.of(2021, 1, 4));
        assertThat(((Period.Week) w53.next()).code()).isEqualTo("2021-W01");
        assertThatThrownBy(() -> Period.week("2021-W53"))
                .isInstanceOf(InvalidPeriodException.class)
                .hasMessage("week 53 does not exist in 2021");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-W00", "2025-W60"})
    void a_week_number_outside_the_year_is_rejected(String text) {
        assertThatThrownBy(() -> Period.week(text))
                .isInstanceOf(InvalidPeriodException.class)
                .hasMessageContaining("does not exist in 2025");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-52", "2025-W5", "2025W52", "2025-w52", "W52"})
    void a_week_in_another_notation_is_rejected_with_the_expected_form(String text) {
        assertThatThrownBy(() -> Period.week(text))
                .isInstanceOf(InvalidPeriodException.class)
                .hasMessageContaining("YYYY-Www")
                .hasMessageContaining("2025-W52");
    }

    @Test
    void a_week_is_named_by_the_week_of_its_days() {
        assertThat(Period.weekOf(LocalDate.of(2025, 12, 31)).code()).isEqualTo("2026-W01");
        assertThat(Period.weekOf(LocalDate.of(2025, 12, 28)).code()).isEqualTo("2025-W52");
    }

    @Test
    void a_month_covers_all_its_days() {
        Period.Month month = Period.month("2024-02");

        assertThat(month.month()).isEqualTo(YearMonth.of(2024, 2));
        assertThat(month.from()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(month.until()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(month.label()).isEqualTo("February 2024");
        assertThat(Period.month("2025-12").next().path()).isEqualTo("month/2026-01");
        assertThat(Period.month("2025-01").previous().path()).isEqualTo("month/2024-12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-13", "2025-00", "2025-1", "2025/12", "December", "2025-12-01"})
    void a_month_that_is_not_one_is_rejected_with_the_expected_form(String text) {
        assertThatThrownBy(() -> Period.month(text))
                .isInstanceOf(InvalidPeriodException.class)
                .hasMessageContaining("YYYY-MM");
    }

    @Test
    void a_very_long_input_is_abbreviated_in_the_message() {
        String junk = "x".repeat(500);

        assertThatThrownBy(() -> Period.day(junk))
                .isInstanceOf(InvalidPeriodException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(150).contains("…"));
    }
}
