package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import java.util.stream.Stream;
import org.carepath.server.support.ServerTestSupport;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Create, read, update, search and history over HTTP with the HAPI client, per resource type. */
class ResourceLifecycleIT extends ServerTestSupport {

  static Stream<String> carepathResourceTypes() {
    return Fixtures.TYPES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("carepathResourceTypes")
  void createReadUpdateSearchAndHistory(String type) {
    IGenericClient client = clientAs("gp");
    Reference patient = new Reference(newPatient(client).toUnqualifiedVersionless());
    String firstIdentifier = unique(type);

    MethodOutcome created =
        client.create().resource(Fixtures.minimal(type, patient, firstIdentifier)).execute();
    assertThat(created.getCreated()).isTrue();
    IIdType id = created.getId();
    assertThat(id.getResourceType()).isEqualTo(type);
    assertThat(id.getVersionIdPart()).isEqualTo("1");

    DomainResource read =
        (DomainResource) client.read().resource(type).withId(id.getIdPart()).execute();
    assertThat(identifierValues(read)).containsExactly(firstIdentifier);

    String secondIdentifier = unique(type);
    addIdentifier(read, secondIdentifier);
    MethodOutcome updated = client.update().resource(read).execute();
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

    Bundle found =
        client
            .search()
            .forResource(type)
            .where(
                new TokenClientParam("identifier")
                    .exactly()
                    .systemAndCode(Fixtures.TEST_SYSTEM, secondIdentifier))
            .returnBundle(Bundle.class)
            .execute();
    assertThat(found.getEntry()).hasSize(1);
    assertThat(found.getEntryFirstRep().getResource().getIdElement().getIdPart())
        .isEqualTo(id.getIdPart());

    Bundle history =
        client
            .history()
            .onInstance(id.toUnqualifiedVersionless())
            .returnBundle(Bundle.class)
            .execute();
    assertThat(history.getEntry()).hasSize(2);

    DomainResource firstVersion =
        (DomainResource)
            client.read().resource(type).withIdAndVersion(id.getIdPart(), "1").execute();
    assertThat(identifierValues(firstVersion)).containsExactly(firstIdentifier);
  }

  private static IIdType newPatient(IGenericClient client) {
    return client
        .create()
        .resource(
            new Patient()
                .addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Subject"))
                .addGeneralPractitioner(new Reference("Organization/demo-practice-1")))
        .execute()
        .getId();
  }

  @SuppressWarnings("unchecked")
  private static java.util.List<String> identifierValues(DomainResource resource) {
    var property = resource.getNamedProperty("identifier");
    return property.getValues().stream().map(value -> ((Identifier) value).getValue()).toList();
  }

  private static void addIdentifier(DomainResource resource, String value) {
    resource.setProperty(
        "identifier", new Identifier().setSystem(Fixtures.TEST_SYSTEM).setValue(value));
  }
}
