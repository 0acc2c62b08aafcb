package org.deepseaguard.hub.store;

import java.util.List;

/** One page of a query result and the total number of matching rows. */
public record Page<T>(List<T> items, long total) {
}
