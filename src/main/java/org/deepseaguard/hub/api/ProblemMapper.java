package org.deepseaguard.hub.api;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.StreamCacheException;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.service.ConflictException;
import org.deepseaguard.hub.service.NotFoundException;
import org.deepseaguard.hub.service.PreconditionFailedException;
import org.deepseaguard.hub.timeseries.TimeSeriesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Maps the exception an API route caught to a {@link Problem}: invalid input, malformed and
 * unreadable bodies 400, fixes outside the sender's vehicle scope 403, unknown ids 404, too many
 * fixes in one request 413, an {@code If-Match} that does not hold 412, a request the current state forbids
 * (a dead letter replayed already) 409, anything else 500 (logged, details withheld).
 */
@Component
public class ProblemMapper implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Override
    public void process(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String instance = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        exchange.getMessage().setBody(toProblem(e, instance));
    }

    static Problem toProblem(Exception e, String instance) {
        if (e instanceof InvalidInputException invalid) {
            return Problem.of(400, "invalid-input", "Invalid input", describe(invalid.errors()), instance, invalid.errors());
        }
        if (e instanceof MalformedBodyException malformed) {
            return Problem.of(400, "malformed-body", "Malformed request body", malformed.getMessage(), instance,
                    List.of(new FieldError("body", malformed.getMessage())));
        }
        if (e instanceof StreamCacheException unreadable) {
            // Camel could not read the request body: seen for bodies that are not UTF-8 (found by
            // BadInputHttpPropertyTest); a client error like any other unreadable body, not a 500
            LOG.debug("Request {}: unreadable body", instance, unreadable);
            String reason = "the request body could not be read (JSON must be UTF-8)";
            return Problem.of(400, "malformed-body", "Malformed request body", reason, instance,
                    List.of(new FieldError("body", reason)));
        }
        if (e instanceof TooManyFixesException tooMany) {
            return Problem.of(413, "payload-too-large", "Payload too large", tooMany.getMessage(), instance,
                    List.of(new FieldError("body", "at most " + tooMany.limit() + " fixes per request")));
        }
        if (e instanceof OutsideScopeException outside) {
            return Problem.of(403, "forbidden", "Forbidden", outside.getMessage(), instance,
                    outside.refused().stream().limit(OutsideScopeException.MAX_LISTED)
                            .map(id -> new FieldError("auv_id", id + " is outside the scope of sender " + outside.sender()))
                            .toList());
        }
        if (e instanceof NotFoundException notFound) {
            return Problem.of(404, "not-found", "Not found", notFound.getMessage(), instance, List.of());
        }
        if (e instanceof PreconditionFailedException stale) {
            // the field names the header; the message the version a client should fetch again
            return Problem.of(412, "precondition-failed", "Precondition failed", stale.getMessage(), instance,
                    List.of(new FieldError("If-Match", stale.currentVersion() == null ? "the resource does not exist"
                            : "the current version is " + stale.currentVersion())));
        }
        if (e instanceof ConflictException conflict) {
            return Problem.of(409, "conflict", "Conflict", conflict.getMessage(), instance, conflict.errors());
        }
        if (e instanceof TimeSeriesUnavailableException unavailable) {
            LOG.warn("Request {} failed: {}", instance, unavailable.getMessage());
            return Problem.of(503, "service-unavailable", "Service unavailable", unavailable.getMessage(), instance,
                    List.of());
        }
        LOG.error("Request {} failed", instance, e);
        return Problem.of(500, "internal-error", "Internal error",
                "the request could not be completed; the hub logged the cause", instance, List.of());
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
    }
}
