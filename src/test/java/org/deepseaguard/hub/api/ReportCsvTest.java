package org.deepseaguard.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 4180 fields and plain numbers of the CSV reports (no Spring). */
class ReportCsvTest {

    @Test
    void fieldsAreQuotedOnlyWhenRfc4180AsksForIt() {
        assertThat(ReportCsv.field(null)).isEmpty();
        assertThat(ReportCsv.field("")).isEmpty();
        assertThat(ReportCsv.field("Z-APEI-1")).isEqualTo("Z-APEI-1");
        assertThat(ReportCsv.field(" spaced ")).isEqualTo(" spaced ");
        assertThat(ReportCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.field("\"")).isEqualTo("\"\"\"\"");
        assertThat(ReportCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ReportCsv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(ReportCsv.number(0.0)).isEqualTo("0");
        assertThat(ReportCsv.number(3600.0)).isEqualTo("3600");
        assertThat(ReportCsv.number(720.00025)).isEqualTo("720.00025");
        assertThat(ReportCsv.number(1.0E7)).isEqualTo("10000000");
        assertThat(ReportCsv.number(123456789.123456)).isEqualTo("123456789.123456");
        assertThat(ReportCsv.number(1.0E-6)).isEqualTo("0.000001");
    }
}
