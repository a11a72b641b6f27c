package org.carepath.coordination.careplan.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy.Member;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;

/**
 * A practice's end-of-life register as a FHIR Group ({@code Group/eol-register-<practice>}): an
 * actual group of persons managed by the practice, code {@code register#end-of-life}, its
 * characteristic the end-of-life pathway; each membership a {@code member} with its period (open
 * while they are on it, {@code inactive} once they have left), {@code quantity} the people on it
 * now. Searchable ({@code Group?code=…|end-of-life&managing-entity=Organization/<practice>}, a
 * PCN's by {@code managing-entity:Organization.partof}) and exportable ({@code
 * Group/[id]/$export}).
 */
public final class EndOfLifeRegisterResources {

  public static final String REGISTER_SYSTEM = Canonical.codeSystem("register");
  public static final String END_OF_LIFE = "end-of-life";
  public static final String PATHWAY = Canonical.BASE + "/PlanDefinition/end-of-life";
  private static final String PATHWAY_CATEGORY = Canonical.codeSystem("care-plan-category");
  private static final String ID_PREFIX = "eol-register-";

  private EndOfLifeRegisterResources() {}

  /** Whether {@code resource} is an enrolment on the end-of-life pathway. */
  public static boolean isEnrolment(IBaseResource resource) {
    return resource instanceof CarePlan plan
        && plan.getCategory().stream()
            .flatMap(c -> c.getCoding().stream())
            .anyMatch(c -> PATHWAY_CATEGORY.equals(c.getSystem()) && "pathway".equals(c.getCode()))
        && plan.getInstantiatesCanonical().stream()
            .map(c -> c.getValue() == null ? "" : c.getValue().split("\\|")[0])
            .anyMatch(PATHWAY::equals);
  }

  /** Whether {@code resource} is a practice's end-of-life register. */
  public static boolean isRegister(IBaseResource resource) {
    return resource instanceof Group group
        && (group.getIdElement().getIdPart() != null
                && group.getIdElement().getIdPart().startsWith(ID_PREFIX)
            || group.getCode().getCoding().stream()
                .anyMatch(
                    c -> REGISTER_SYSTEM.equals(c.getSystem()) && END_OF_LIFE.equals(c.getCode())));
  }

  /** The practice whose register an enrolment feeds: its author, when that is an organisation. */
  public static Optional<String> practiceOf(CarePlan enrolment) {
    return SharedCarePlanResources.owner(enrolment).map(o -> o.substring(o.indexOf('/') + 1));
  }

  /** The id of a practice's register. */
  public static String groupId(String practiceId) {
    return ID_PREFIX + practiceId;
  }

  /** The memberships a register holds. */
  public static List<Member> members(Group register) {
    List<Member> members = new ArrayList<>();
    for (Group.GroupMemberComponent member : register.getMember()) {
      String patient = member.getEntity().getReferenceElement().getIdPart();
      if (patient == null || !member.getPeriod().hasStart()) {
        continue;
      }
      members.add(
          new Member(
              patient,
              member.getPeriod().getStart().toInstant(),
              Optional.ofNullable(member.getPeriod().getEnd()).map(Date::toInstant)));
    }
    return members;
  }

  /** The register of {@code practiceId} holding {@code members}. */
  public static Group register(String practiceId, List<Member> members) {
    Group register = new Group();
    register.setId(groupId(practiceId));
    register.setActive(true);
    register.setType(Group.GroupType.PERSON);
    register.setActual(true);
    register.setName("End-of-life register");
    register.setCode(
        new CodeableConcept(
            new Coding(REGISTER_SYSTEM, END_OF_LIFE, "End-of-life (palliative care) register")));
    register.setManagingEntity(new Reference("Organization/" + practiceId));
    Group.GroupCharacteristicComponent pathway = register.addCharacteristic();
    pathway.setCode(
        new CodeableConcept(
            new Coding(REGISTER_SYSTEM, "pathway", "Enrolled on the care pathway")));
    pathway.setValue(new Reference("PlanDefinition/end-of-life"));
    pathway.setExclude(false);
    for (Member member : members) {
      Group.GroupMemberComponent entry = register.addMember();
      entry.setEntity(new Reference("Patient/" + member.patient()));
      entry.getPeriod().setStart(Date.from(member.since()));
      member.until().ifPresent(until -> entry.getPeriod().setEnd(Date.from(until)));
      entry.setInactive(!member.current());
    }
    register.setQuantity((int) EndOfLifeRegisterPolicy.current(members));
    return register;
  }
}
