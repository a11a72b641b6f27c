package org.carepath.server.conformance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param validateOnWrite validate every create and update (off only to measure its cost:
 *     docs/benchmarks.md)
 * @param plainResources how resources held to no Carepath profile are validated: {@code schema}
 *     (the FHIR R4 XML Schema: structure, cardinality, data types) or {@code full} (HAPI's instance
 *     validator: also invariants and bindings, about 50 times the cost). Resources held to a
 *     Carepath profile always get {@code full}. See ADR 0005.
 */
@ConfigurationProperties("carepath.conformance")
public record ConformanceProperties(
    @DefaultValue("true") boolean validateOnWrite,
    @DefaultValue("schema") PlainResourceValidation plainResources) {

  /** How resources held to no Carepath profile are validated. */
  public enum PlainResourceValidation {
    SCHEMA,
    FULL
  }
}
