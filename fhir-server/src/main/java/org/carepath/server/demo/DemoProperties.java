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
 * @param activity after loading, play the demo people's first morning through the API (a
 *     stratification run, enrolments with steps overdue, due soon and done, referrals in every
 *     state, shared care plans with several organisations' parts, an end-of-life record), so every
 *     screen of the web app shows live work; needs the development issuer (the run command's
 *     default), and runs once
 */
@ConfigurationProperties("carepath.demo")
public record DemoProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("50") int patients,
    @DefaultValue("20261122") long seed,
    @DefaultValue("2") int yearsOfHistory,
    @DefaultValue("false") boolean activity) {}
