package dev.capstan.cli.internal;

import dev.capstan.cli.internal.TextTable.Column;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextTableTest {

    @Test
    void padsColumnsToTheirWidestCellAndAlignsNumbersRight() {
        TextTable table = new TextTable(List.of(Column.left("NAME"), Column.right("LOSS")))
                .row("a", "0.5")
                .row("longer", "12.25");

        assertThat(table.render()).isEqualTo("""
                NAME     LOSS
                a         0.5
                longer  12.25
                """);
    }

    @Test
    void cutsLongCellsAndFlattensLineBreaks() {
        TextTable table = new TextTable(List.of(Column.left("NOTE", 10))).row("first line\nsecond line");

        assertThat(table.render().lines().toList()).containsExactly("NOTE", "first l...");
    }

    @Test
    void keyValuesHaveNoHeaderAndPrintEmptyCellsForNull() {
        assertThat(TextTable.keyValues().row("name", "x").row("ended", null).render()).isEqualTo("name   x\nended\n");
    }

    @Test
    void formatsNumbersForPeople() {
        assertThat(Formats.number(0.912345)).isEqualTo("0.9123");
        assertThat(Formats.number(12.0)).isEqualTo("12");
        assertThat(Formats.number(123456.7)).isEqualTo("123500");
        assertThat(Formats.number(1e-7)).isEqualTo("1.000e-07");
        assertThat(Formats.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Formats.number(null)).isEmpty();
        assertThat(Formats.duration(1_000L, 62_500L)).isEqualTo("1 min 1 s");
    }
}
