package io.syncflux.core.influx;

import java.util.List;
import java.util.Map;

/**
 * One series (or one chunk of it) of a query result. Column 0 is {@code time} as a {@code Long} of
 * epoch nanoseconds. Values keep their exact types: {@code Long}, {@link UnsignedValue}, {@code Double},
 * {@code Boolean}, {@code String}, or null where the row has no value.
 *
 * @param name    the measurement (or, for {@code SHOW} statements, the result's name, e.g. the database)
 * @param tags    the series' tags from {@code GROUP BY *}; empty when there are none
 * @param columns column names, {@code time} first for data queries
 * @param rows    rows of values in column order
 */
public record Series(String name, Map<String, String> tags, List<String> columns, List<Object[]> rows) {
}
