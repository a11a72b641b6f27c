package org.carepath.coordination.kpi.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.kpi.MeasureRule;
import org.carepath.coordination.kpi.PathwayMeasure;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.PrimitiveType;

/** Reads a published Measure's {@code pathway-measure} extension into a {@link PathwayMeasure}. */
public final class PathwayMeasureReader {

  public static final String EXTENSION = Canonical.BASE + "/StructureDefinition/pathway-measure";

  private PathwayMeasureReader() {}

  /** The pathway KPI a Measure publishes; empty for a Measure without the extension. */
  public static Optional<PathwayMeasure> read(Measure measure) {
    Extension extension = measure.getExtensionByUrl(EXTENSION);
    if (extension == null) {
      return Optional.empty();
    }
    String id = measure.getIdElement().getIdPart();
    String ruleCode = single(extension, "rule", id);
    MeasureRule rule =
        MeasureRule.fromCode(ruleCode)
            .orElseThrow(
                () ->
                    new PathwayMeasure.InvalidMeasureException(
                        "Measure/" + id + " names an unknown rule " + ruleCode));
    List<String> steps = new ArrayList<>();
    extension.getExtensionsByUrl("step").forEach(step -> steps.add(code(step)));
    Optional<String> outcome =
        extension.getExtensionsByUrl("outcome").stream()
            .findFirst()
            .map(PathwayMeasureReader::code);
    String canonical = measure.getUrl() + (measure.hasVersion() ? "|" + measure.getVersion() : "");
    return Optional.of(
        new PathwayMeasure(
            id,
            canonical,
            measure.getTitle(),
            rule,
            single(extension, "pathway", id),
            steps,
            outcome));
  }

  private static String single(Extension extension, String name, String id) {
    List<Extension> found = extension.getExtensionsByUrl(name);
    if (found.size() != 1) {
      throw new PathwayMeasure.InvalidMeasureException(
          "Measure/" + id + " must name exactly one " + name);
    }
    return code(found.get(0));
  }

  private static String code(Extension extension) {
    return extension.getValue() instanceof PrimitiveType<?> value ? value.getValueAsString() : "";
  }
}
