/**
 * The domain values of the public contract (DESIGN section 6): telemetry fixes, zones, rules,
 * vehicles, zone events, violation episodes and input errors. Immutable records and enums whose
 * JSON form is snake_case; coordinates are WGS 84 degrees (x = longitude), depths metres
 * positive down, times UTC instants. No Spring, no Camel.
 */
package org.deepseaguard.core.model;
