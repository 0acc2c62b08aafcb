package org.deepseaguard.hub.alerts;

import java.util.ArrayList;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects the violation JSON of each warning into an {@link ArrayList} body: serialisable, so the
 * JDBC aggregation repository can keep an open batch across a restart.
 */
public class WarningBatchStrategy implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange warning) {
        String violation = warning.getMessage().getBody(String.class);
        if (batch == null) {
            ArrayList<String> items = new ArrayList<>();
            items.add(violation);
            warning.getMessage().setBody(items);
            return warning;
        }
        batch.getMessage().getBody(ArrayList.class).add(violation);
        return batch;
    }
}
