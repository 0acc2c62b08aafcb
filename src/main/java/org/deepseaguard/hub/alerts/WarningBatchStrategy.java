package org.deepseaguard.hub.alerts;

import java.util.ArrayList;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects the violation JSON of each warning into an {@link ArrayList} body: serialisable, so the
 * JDBC aggregation repository can keep an open batch across a restart.
 *
 * <p>The batch is the exchange of its first warning (the aggregator's copy of it, with an id of its
 * own), as Camel's recoverable repositories want; it says it comes from {@code digestUri}, the route
 * that builds and sends its digest, so a digest parked as a dead letter (by that route, or by the
 * repository's recovery once it gave up) is replayed there, not into the batch again.
 *
 * <p>Stateless and thread-safe; {@code aggregate} only touches the exchanges it is given.
 */
public class WarningBatchStrategy implements AggregationStrategy {

    private final String digestUri;

    /** @param digestUri the endpoint of the route that turns a completed batch into a digest */
    public WarningBatchStrategy(String digestUri) {
        this.digestUri = digestUri;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange warning) {
        String violation = warning.getMessage().getBody(String.class);
        if (batch == null) {
            ArrayList<String> items = new ArrayList<>();
            items.add(violation);
            warning.getMessage().setBody(items);
            warning.getExchangeExtension().setFromEndpoint(warning.getContext().getEndpoint(digestUri));
            return warning;
        }
        batch.getMessage().getBody(ArrayList.class).add(violation);
        return batch;
    }
}
