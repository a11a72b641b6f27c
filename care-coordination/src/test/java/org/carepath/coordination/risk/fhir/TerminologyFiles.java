package org.carepath.coordination.risk.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Every file of the terminology module ({@code carepath/terminology/*.json} on the test classpath,
 * a folder in a reactor build or a jar otherwise), parsed as the server reads them.
 */
final class TerminologyFiles {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String FOLDER = "/carepath/terminology";
  private static List<ValueSet> valueSets;

  private TerminologyFiles() {}

  static synchronized List<ValueSet> valueSets() {
    if (valueSets == null) {
      valueSets = List.copyOf(read("ValueSet-", ValueSet.class));
    }
    return valueSets;
  }

  static CodeSystem codeSystem(String id) {
    return read("CodeSystem-" + id + ".json", CodeSystem.class).get(0);
  }

  static ValueSet valueSet(String id) {
    String url = "https://fhir.carepath.org/ValueSet/" + id;
    return valueSets().stream().filter(vs -> url.equals(vs.getUrl())).findFirst().orElseThrow();
  }

  private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> List<T> read(
      String prefix, Class<T> type) {
    try {
      URI folder = TerminologyFiles.class.getResource(FOLDER).toURI();
      if ("jar".equals(folder.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(folder, Map.of())) {
          return parseAll(jar.getPath(FOLDER), prefix, type);
        }
      }
      return parseAll(Path.of(folder), prefix, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> List<T> parseAll(
      Path folder, String prefix, Class<T> type) throws IOException {
    List<T> parsed = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().startsWith(prefix)) {
          parsed.add(FHIR.newJsonParser().parseResource(type, Files.readString(file)));
        }
      }
    }
    return parsed;
  }
}
