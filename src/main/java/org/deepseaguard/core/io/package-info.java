/**
 * JSON in and out of the core: zones as GeoJSON ({@link org.deepseaguard.core.io.GeoJsonZones},
 * with {@link org.deepseaguard.core.io.PropertyMapping} for foreign files such as the ISA's) and
 * telemetry fixes ({@link org.deepseaguard.core.io.TelemetryReader}).
 *
 * <p>Readers validate strictly and report every problem as a
 * {@link org.deepseaguard.core.model.FieldError} naming the snake_case field; they never repair
 * input. Jackson tree model only: no Spring, no Camel.
 */
package org.deepseaguard.core.io;
