package org.deepseaguard.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 fields and plain numbers of the CSV reports (no Spring). */
class ReportCsvTest {

    @Test
    void fieldsAreQuotedOnlyWhenRfc4180AsksForIt() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {null, "", "Z-APEI-1", "a,b"});
        rows.add(new Object[] {"say \"hi\"", "\"", "two\nlines", "cr\rhere"});

        assertThat(Csv.write(List.of("w", "x", "y", "z"), rows)).isEqualTo(
                "w,x,y,z\r\n"
                + ",,Z-APEI-1,\"a,b\"\r\n"
                + "\"say \"\"hi\"\"\",\"\"\"\",\"two\nlines\",\"cr\rhere\"\r\n");
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
