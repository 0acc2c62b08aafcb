/**
 * The compliance engine: per fix, zone membership (footprint covers the point, depth band,
 * validity period), the per-vehicle state machine in event time (zone entry/exit, open violation
 * episodes, duplicate and late fixes), the rule catalogue of {@link org.deepseaguard.core.rules},
 * crossings inferred between sparse fixes and the telemetry-gap watchdog.
 *
 * <p>{@link org.deepseaguard.core.engine.ComplianceEngine} is the entry point; it is thread-safe and
 * keeps no vehicle state. {@link org.deepseaguard.core.engine.VehicleState} is an immutable value the
 * caller stores between fixes (in memory, Redis, ...) and can serialise with Jackson or Java
 * serialisation; {@link org.deepseaguard.core.engine.Evaluation} is what one fix changed.
 *
 * <p>Units: WGS 84 degrees (x = longitude), metres (depth positive down, geodesic distances),
 * seconds and instants of event time (UTC).
 *
 * <p>Exit hysteresis (DESIGN section 5: exit only after N metres outside or N fixes) is optional
 * and per zone type ({@link org.deepseaguard.core.engine.ExitHysteresis}, given to the engine's
 * constructor); without it results are exact. A pending exit is part of the vehicle state
 * ({@link org.deepseaguard.core.engine.PendingExit}); a confirmed exit is dated at the first fix
 * outside, so it and the episodes it closes read as without hysteresis.
 */
package org.deepseaguard.core.engine;
