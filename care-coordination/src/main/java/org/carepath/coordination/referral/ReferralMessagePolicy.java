package org.carepath.coordination.referral;

/**
 * What a referral message asks Carepath to do, in the manner of the NHS Booking and Referral
 * Standard (BaRS): its event ({@code servicerequest-request}, …), its reason ({@code new} or {@code
 * update}), the kind of request its ServiceRequest's category names ({@code referral} or {@code
 * validation}) and the ServiceRequest's status together name one workflow, or none — a message that
 * names none is refused with the reason, nothing stored.
 *
 * <p>Carepath receives referrals: a new referral or validation request (reason {@code new}, the
 * request {@code active}) enters the referral workflow; an update that revokes or marks one entered
 * in error withdraws it (reason {@code update}). Carepath sends no BaRS requests of its own, so a
 * {@code servicerequest-response} answers nothing Carepath holds; bookings are not a Carepath
 * workflow.
 */
public final class ReferralMessagePolicy {

  public static final String REQUEST = "servicerequest-request";
  public static final String RESPONSE = "servicerequest-response";
  public static final String BOOKING_REQUEST = "booking-request";
  public static final String BOOKING_RESPONSE = "booking-response";

  /** The message as far as the rule reads it; any part may be absent ({@code null}). */
  public record Message(String event, String reason, String requestKind, String requestStatus) {}

  /** What to do with the message, or why not. */
  public sealed interface Decision {

    /** A new referral (or validation request) to take in. */
    record NewReferral(String requestKind) implements Decision {}

    /** A referral Carepath holds, withdrawn by its sender. */
    record Withdrawal(String requestKind) implements Decision {}

    /**
     * Refused.
     *
     * @param kind {@code INVALID}: the combination names no workflow; {@code NOT_SUPPORTED}: a
     *     workflow the standard has and Carepath does not take; {@code UNKNOWN_CONVERSATION}: a
     *     response to a request Carepath never sent
     */
    record Refused(Kind kind, String reason) implements Decision {
      public enum Kind {
        INVALID,
        NOT_SUPPORTED,
        UNKNOWN_CONVERSATION
      }
    }
  }

  public Decision decide(Message message) {
    if (message.event() == null) {
      return invalid(
          "The MessageHeader names no event (eventCoding from"
              + " https://fhir.nhs.uk/CodeSystem/message-events-bars)");
    }
    switch (message.event()) {
      case REQUEST:
        return request(message);
      case RESPONSE:
        return new Decision.Refused(
            Decision.Refused.Kind.UNKNOWN_CONVERSATION,
            "A servicerequest-response answers a request this service sent; Carepath sent none");
      case BOOKING_REQUEST, BOOKING_RESPONSE:
        return new Decision.Refused(
            Decision.Refused.Kind.NOT_SUPPORTED,
            "Carepath takes referrals, not bookings: send a servicerequest-request");
      default:
        return invalid("Unknown message event '" + message.event() + "'");
    }
  }

  private static Decision request(Message message) {
    String kind = message.requestKind();
    if (!"referral".equals(kind) && !"validation".equals(kind)) {
      return invalid(
          "The ServiceRequest's category names no kind of request: 'referral' or 'validation'"
              + " (https://fhir.nhs.uk/CodeSystem/message-category-servicerequest)");
    }
    if ("new".equals(message.reason())) {
      return "active".equals(message.requestStatus())
          ? new Decision.NewReferral(kind)
          : invalid("A new " + kind + " needs its ServiceRequest active");
    }
    if ("update".equals(message.reason())) {
      return "revoked".equals(message.requestStatus())
              || "entered-in-error".equals(message.requestStatus())
          ? new Decision.Withdrawal(kind)
          : invalid(
              "An update to a "
                  + kind
                  + " withdraws it (ServiceRequest revoked or entered-in-error); other changes are"
                  + " made on the referral's Task");
    }
    return invalid(
        "The MessageHeader's reason must be 'new' or 'update'"
            + " (https://fhir.nhs.uk/CodeSystem/message-reason-bars)");
  }

  private static Decision invalid(String reason) {
    return new Decision.Refused(Decision.Refused.Kind.INVALID, reason);
  }
}
