package org.carepath.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Carepath's conformance resources as shipped on the classpath: the FHIR package in {@code
 * carepath/profiles/} (profiles, extensions, search parameters, capability statement) and the
 * terminology in {@code carepath/terminology/} (code systems, value sets). One resource per file
 * named {@code <Type>-<id>.json}.
 */
public final class ConformancePackage {

  /** Every Carepath canonical URL starts with this. */
  private static final List<String> LOCATIONS =
      List.of("classpath*:carepath/terminology/*.json", "classpath*:carepath/profiles/*.json");

  /** One file of the package and the resource it holds. */
  public record Entry(String fileName, IBaseResource resource) {}

  private ConformancePackage() {}

  /** Reads every resource of the package (not package.json), terminology first. */
  public static List<Entry> load(FhirContext fhirContext) {
    var resolver =
        new PathMatchingResourcePatternResolver(ConformancePackage.class.getClassLoader());
    var parser = fhirContext.newJsonParser();
    List<Entry> entries = new ArrayList<>();
    try {
      for (String location : LOCATIONS) {
        Resource[] files = resolver.getResources(location);
        List<Resource> sorted = new ArrayList<>(List.of(files));
        sorted.sort(Comparator.comparing(Resource::getFilename));
        for (Resource file : sorted) {
          if ("package.json".equals(file.getFilename())) {
            continue;
          }
          try (InputStream in = file.getInputStream()) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            entries.add(new Entry(file.getFilename(), parser.parseResource(json)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read Carepath's conformance resources", e);
    }
    return List.copyOf(entries);
  }
}
