package org.carepath.server.conformance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param validateOnWrite validate every create and update against base R4 and Carepath's profiles
 *     (off only to measure its cost: docs/benchmarks.md)
 */
@ConfigurationProperties("carepath.conformance")
public record ConformanceProperties(@DefaultValue("true") boolean validateOnWrite) {}
