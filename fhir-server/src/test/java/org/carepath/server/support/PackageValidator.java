package org.carepath.server.support;

import ca.uhn.fhir.context.FhirContext;
import org.carepath.server.conformance.CarepathValidator;
import org.carepath.server.conformance.ConformancePackage;

/**
 * The validator the server uses, over Carepath's package, built once per test JVM (a build takes
 * seconds) for the unit tests that validate what the mappers and fixtures produce.
 */
public final class PackageValidator {

  private static CarepathValidator validator;

  private PackageValidator() {}

  public static synchronized CarepathValidator get() {
    if (validator == null) {
      FhirContext fhir = FhirContext.forR4Cached();
      validator = new CarepathValidator(fhir, ConformancePackage.load(fhir));
    }
    return validator;
  }
}
