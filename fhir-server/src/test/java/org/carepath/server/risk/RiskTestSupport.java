package org.carepath.server.risk;

import java.util.List;
import java.util.stream.Stream;
import org.carepath.server.support.ServerTestSupport;

/** Building patients' records for the risk ITs, over HTTP as a GP. */
abstract class RiskTestSupport extends ServerTestSupport {

  /** An operation is posted with a Parameters resource; $stratify's model defaults to efi. */
  static final String NO_PARAMETERS = "{\"resourceType\":\"Parameters\"}";

  static final String DIABETES_MODEL =
      "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"model\",\"valueCode\":\"diabetes-control\"}]}";

  /** Eight conditions that are eFI deficits; with five medicines (polypharmacy), nine deficits. */
  static final List<String> EIGHT_DEFICIT_CONDITIONS =
      List.of(
          "161898004",
          "38341003",
          "49436004",
          "84114007",
          "396275006",
          "15188001",
          "165232002",
          "397540003");

  /** Fourteen deficits (0.39, severe): the eight and six more. */
  static final List<String> FOURTEEN_DEFICIT_CONDITIONS =
      Stream.concat(
              EIGHT_DEFICIT_CONDITIONS.stream(),
              Stream.of("64859006", "271737000", "404640003", "267036007", "709044004", "40930008"))
          .toList();

  /** The GP who registered each patient, who then writes their records. */
  private final java.util.Map<String, String> registeredBy =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A patient registered at {@code practiceReference} (Hillside Surgery when null), by its GP. */
  String patient(String birthDate, String practiceReference) {
    String at = practiceReference == null ? "Organization/demo-practice-1" : practiceReference;
    String practice = ",\"generalPractitioner\":[{\"reference\":\"" + at + "\"}]";
    String gp = gpAt(at);
    String id =
        postAs(
            gp,
            "Patient",
            "{\"resourceType\":\"Patient\",\"birthDate\":\""
                + birthDate
                + "\",\"name\":[{\"family\":\"Risk\"}]"
                + practice
                + "}");
    registeredBy.put(id, gp);
    return id;
  }

  /** The GP who registered {@code patient} (Hillside Surgery's for patients made elsewhere). */
  String gpOf(String patient) {
    return registeredBy.getOrDefault(patient, "gp");
  }

  void addConditions(String patient, List<String> snomedCodes) {
    for (String code : snomedCodes) {
      postAs(
          gpOf(patient),
          "Condition",
          "{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\""
              + code
              + "\"}]},\"subject\":{\"reference\":\"Patient/"
              + patient
              + "\"}}");
    }
  }

  String post(String type, String body) {
    return postAs("gp", type, body);
  }

  String postAs(String user, String type, String body) {
    return as(user).body(body).post("/" + type).then().statusCode(201).extract().path("id");
  }
}
