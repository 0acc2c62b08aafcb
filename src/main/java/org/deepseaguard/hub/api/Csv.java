package org.deepseaguard.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * CSV exports (tracks, reports) as RFC 4180 asks, written by jackson-dataformat-csv: a header row
 * first, CRLF line ends, a field holding a comma, a double quote or a line break quoted with its
 * quotes doubled, {@code null} as the empty field. Thread-safe.
 */
final class Csv {

    static final String MEDIA_TYPE = "text/csv; charset=utf-8";
    private static final CsvMapper MAPPER = new CsvMapper();

    private Csv() {
    }

    /** The header {@code columns}, then one line per row (cells in column order). */
    static String write(List<String> columns, List<Object[]> rows) {
        CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        try {
            return MAPPER.writer(schema.build().withHeader().withLineSeparator("\r\n")).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
