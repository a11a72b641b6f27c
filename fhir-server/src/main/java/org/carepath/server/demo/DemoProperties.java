package org.carepath.server.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo population loaded at start-up.
 *
 * @param enabled load it (once: a restart finds it and skips); {@code CAREPATH_DEMO_ENABLED=false}
 *     to start empty
 * @param patients how many synthetic patients
 * @param seed the synthetic population's seed (the same seed gives the same people)
 * @param yearsOfHistory years of measurements and consultations per patient
 */
@ConfigurationProperties("carepath.demo")
public record DemoProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("50") int patients,
    @DefaultValue("20261122") long seed,
    @DefaultValue("2") int yearsOfHistory) {}
