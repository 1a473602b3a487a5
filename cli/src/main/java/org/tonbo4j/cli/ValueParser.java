package org.tonbo4j.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import org.tonbo4j.Column;

/** Turns command-line text into a column's value. Stateless. */
final class ValueParser {
    private ValueParser() {
    }

    static Object parse(Column column, String text) {
        try {
            switch (column.type().kind()) {
                case BOOLEAN:
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException("want true or false");
                    }
                    return Boolean.parseBoolean(text);
                case INT8: return Byte.parseByte(text);
                case INT16: return Short.parseShort(text);
                case INT32: return Integer.parseInt(text);
                case INT64: return Long.parseLong(text);
                case FLOAT32: return Float.parseFloat(text);
                case FLOAT64: return Double.parseDouble(text);
                case STRING: return text;
                case BINARY: return Base64.getDecoder().decode(text);
                case DATE: return LocalDate.parse(text);
                case TIMESTAMP: return LocalDateTime.parse(text);
                case TIMESTAMP_TZ: return Instant.parse(text);
                case DECIMAL: return new BigDecimal(text);
                default: throw new AssertionError(column.type());
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a value of column " + column.name() + " ("
                    + column.type() + "): " + e.getMessage(), e);
        }
    }
}
