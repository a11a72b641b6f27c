package org.carepath.server.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.XhtmlParser;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The crisis summary's narratives — the document's and each section's — written by one Thymeleaf
 * engine made once, with its templates parsed once ({@code carepath/summary/*.html}). HAPI's IPS
 * generator builds the document (sections, entries, references) but makes a new narrative
 * generator, and with it a new template engine, for every section of every document: a third of a
 * {@code $summary} call went on that (docs/benchmarks.md run 131). The templates see what HAPI's
 * would: the section's entries as a Bundle ({@code resource}), and {@code #fhirpath} whose {@code
 * resolve()} finds the document's own entries.
 */
class CrisisSummaryNarratives {

  private static final String FHIRPATH = "fhirpath";
  private static final String HELPER = CrisisSummaryNarratives.class.getName() + ".fhirpath";

  /** The template of each section, by the section code ({@code system|code}). */
  private final Map<String, String> templates;

  private final FhirContext fhir;
  private final TemplateEngine engine = new TemplateEngine();

  CrisisSummaryNarratives(FhirContext fhir, Map<String, String> templatesBySection) {
    this.fhir = fhir;
    this.templates = Map.copyOf(templatesBySection);
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("carepath/summary/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.XML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
    engine.addDialect(new FhirPathDialect());
  }

  /** Writes the narratives of the document's Composition and of each of its sections. */
  void write(Bundle document) {
    Optional<Composition> found =
        document.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(Composition.class::isInstance)
            .map(Composition.class::cast)
            .findFirst();
    if (found.isEmpty()) {
      return;
    }
    Composition composition = found.get();
    Map<String, Resource> entries = index(document);
    FhirPaths paths = new FhirPaths(fhir.newFhirPath(), entries);
    // One parser per document: making one is dearer than parsing a narrative with it.
    XhtmlParser parser = new XhtmlParser();
    for (Composition.SectionComponent section : composition.getSection()) {
      Optional<String> template =
          section.getCode().getCoding().stream()
              .map(coding -> templates.get(coding.getSystem() + "|" + coding.getCode()))
              .filter(t -> t != null)
              .findFirst();
      if (template.isEmpty()) {
        continue;
      }
      Bundle shown = new Bundle();
      for (Reference entry : section.getEntry()) {
        Resource resource = find(entries, new IdType(entry.getReference()));
        if (resource != null) {
          shown.addEntry().setResource(resource);
        }
      }
      section.setText(narrative(parser, render(template.get(), shown, paths)));
    }
    composition.setText(narrative(parser, render("composition", composition, paths)));
  }

  private String render(String template, Object resource, FhirPaths paths) {
    Context context = new Context();
    context.setVariable("resource", resource);
    context.setVariable(HELPER, paths);
    return engine.process(template, context);
  }

  private static Narrative narrative(XhtmlParser parser, String xhtml) {
    Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
    try {
      narrative.setDiv(parser.parse(xhtml.trim(), "div").getDocumentElement());
    } catch (IOException | FHIRFormatError unparseable) {
      throw new IllegalStateException("A crisis summary template wrote invalid XHTML", unparseable);
    }
    return narrative;
  }

  /**
   * The document's resource a reference names: as written (a {@code urn:uuid:}), else by {@code
   * Type/id} (references may be absolute and versioned).
   */
  private static Resource find(Map<String, Resource> entries, IIdType reference) {
    if (reference == null || reference.getValue() == null) {
      return null;
    }
    Resource found = entries.get(reference.getValue());
    return found != null || !reference.hasResourceType() || !reference.hasIdPart()
        ? found
        : entries.get(reference.getResourceType() + "/" + reference.getIdPart());
  }

  /** The document's resources by each key a reference may use: fullUrl, id and {@code Type/id}. */
  private static Map<String, Resource> index(Bundle document) {
    Map<String, Resource> entries = new HashMap<>();
    for (Bundle.BundleEntryComponent entry : document.getEntry()) {
      Resource resource = entry.getResource();
      if (resource == null) {
        continue;
      }
      if (entry.hasFullUrl()) {
        entries.put(entry.getFullUrl(), resource);
      }
      IIdType id = resource.getIdElement();
      if (id.hasIdPart()) {
        entries.putIfAbsent(id.toUnqualifiedVersionless().getValue(), resource);
        entries.putIfAbsent(resource.fhirType() + "/" + id.getIdPart(), resource);
      }
    }
    return entries;
  }

  /**
   * {@code #fhirpath} in the templates: FHIRPath over one document, {@code resolve()} finding its
   * entries. One per document (HAPI's FHIRPath engine is not shared between threads).
   */
  public static final class FhirPaths implements IFhirPathEvaluationContext {

    private final IFhirPath fhirPath;
    private final Map<String, Resource> entries;

    FhirPaths(IFhirPath fhirPath, Map<String, Resource> entries) {
      this.fhirPath = fhirPath;
      this.entries = entries;
      fhirPath.setEvaluationContext(this);
    }

    public IBase evaluateFirst(IBase input, String path) {
      return input == null ? null : fhirPath.evaluateFirst(input, path, IBase.class).orElse(null);
    }

    public List<IBase> evaluate(IBase input, String path) {
      return input == null ? List.of() : fhirPath.evaluate(input, path, IBase.class);
    }

    @Override
    public IBase resolveReference(IIdType reference, IBase context) {
      return find(entries, reference);
    }
  }

  /** Offers the document's {@link FhirPaths} to the templates as {@code #fhirpath}. */
  private static final class FhirPathDialect extends AbstractDialect
      implements IExpressionObjectDialect {

    FhirPathDialect() {
      super("carepath-fhirpath");
    }

    @Override
    public IExpressionObjectFactory getExpressionObjectFactory() {
      return new IExpressionObjectFactory() {
        @Override
        public Set<String> getAllExpressionObjectNames() {
          return Set.of(FHIRPATH);
        }

        @Override
        public Object buildObject(IExpressionContext context, String name) {
          return FHIRPATH.equals(name) ? context.getVariable(HELPER) : null;
        }

        @Override
        public boolean isCacheable(String name) {
          return false;
        }
      };
    }
  }
}
