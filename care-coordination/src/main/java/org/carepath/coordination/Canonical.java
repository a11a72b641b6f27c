package org.carepath.coordination;

/**
 * Where Carepath publishes its conformance resources: every canonical URL (profiles, extensions,
 * CodeSystems, ValueSets, PlanDefinitions, OperationDefinitions) and every Carepath identifier
 * system starts with {@link #BASE}. The one place the base is written; the package's {@code
 * package.json} {@code canonical} says the same, and a build test checks they agree.
 */
public final class Canonical {

  public static final String BASE = "https://fhir.carepath.org";

  private Canonical() {}

  /** {@code BASE/CodeSystem/<id>}. */
  public static String codeSystem(String id) {
    return BASE + "/CodeSystem/" + id;
  }

  /** {@code BASE/ValueSet/<id>}. */
  public static String valueSet(String id) {
    return BASE + "/ValueSet/" + id;
  }

  /** {@code BASE/StructureDefinition/<id>}. */
  public static String structureDefinition(String id) {
    return BASE + "/StructureDefinition/" + id;
  }
}
