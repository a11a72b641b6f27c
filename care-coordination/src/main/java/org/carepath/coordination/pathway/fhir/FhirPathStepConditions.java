package org.carepath.coordination.pathway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.pathway.Applicability;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.StepConditions;
import org.carepath.coordination.pathway.StepDefinition;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;

/**
 * Step applicability as FHIRPath over the patient's record: the expression's focus is a Bundle
 * holding the Patient, their Conditions, Observations, RiskAssessments and the enrolment's step
 * Tasks; {@code %today} is the day of evaluation in the pathway's time zone (from the injected
 * clock, never the machine's). The step applies when the expression is {@code true}; otherwise it
 * is skipped with {@link #reason(Applicability)}: the condition's description is what must hold for
 * the step (a clause such as "the person's electronic frailty index is severe"), so the reason says
 * the step applies only then — never the bare condition, which reads as the opposite of the truth.
 */
public final class FhirPathStepConditions implements StepConditions {

  public static final String LANGUAGE = "text/fhirpath";

  private final IFhirPath fhirPath;
  private final Bundle record;
  private final DateType today;

  public FhirPathStepConditions(FhirContext fhirContext, Bundle record, LocalDate today) {
    this(fhirContext.newFhirPath(), record, today);
  }

  /**
   * With an engine the caller owns ({@link IFhirPath} is costly to build and not thread-safe: one
   * per thread).
   */
  public FhirPathStepConditions(IFhirPath fhirPath, Bundle record, LocalDate today) {
    this.fhirPath = fhirPath;
    this.record = record;
    this.today = new DateType(today.toString());
  }

  @Override
  public Optional<String> whyNotApplicable(StepDefinition step, Enrolment enrolment) {
    if (step.applicability().isEmpty()) {
      return Optional.empty();
    }
    Applicability applicability = step.applicability().get();
    if (!LANGUAGE.equals(applicability.language())) {
      throw new IllegalStateException(
          "step " + step.code() + ": unsupported expression language " + applicability.language());
    }
    fhirPath.setEvaluationContext(
        new IFhirPathEvaluationContext() {
          @Override
          public List<IBase> resolveConstant(
              Object appContext, String name, ConstantEvaluationMode mode) {
            return "today".equals(name) ? List.of(today) : null;
          }
        });
    List<BooleanType> result =
        fhirPath.evaluate(record, applicability.expression(), BooleanType.class);
    boolean applies = result.size() == 1 && Boolean.TRUE.equals(result.get(0).getValue());
    return applies ? Optional.empty() : Optional.of(reason(applicability));
  }

  /** Why a step whose condition does not hold is skipped. */
  public static String reason(Applicability applicability) {
    return "Not applicable: only when " + applicability.description() + ".";
  }

  /** Checks an expression parses (definitions are checked when loaded). */
  public static void requireValid(FhirContext fhirContext, String expression) {
    try {
      fhirContext.newFhirPath().parse(expression);
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid FHIRPath: " + expression, e);
    }
  }
}
