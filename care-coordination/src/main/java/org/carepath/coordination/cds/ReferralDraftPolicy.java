package org.carepath.coordination.cds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.cds.PatientViewPolicy.Card;
import org.carepath.coordination.cds.PatientViewPolicy.Indicator;

/**
 * What a GP writing a referral in their own system should know before signing it (CDS Hooks {@code
 * order-sign}): where Carepath would route it and by when it must be accepted — or that no service
 * takes it —, what of the minimum data set is missing, and whether the falls rule (a recorded
 * multifactorial falls assessment first) would refuse it. The routing, the minimum data set and the
 * falls rule are the ones the referral meets when it is sent.
 */
public final class ReferralDraftPolicy {

  /** The draft as the referral workflow would take it. */
  public record Draft(
      String description,
      Optional<String> routedTo,
      String routingReason,
      Optional<Instant> acceptBy,
      List<String> missing,
      Optional<String> fallsRefusal) {
    public Draft {
      missing = List.copyOf(missing);
    }
  }

  public List<Card> cards(Draft draft) {
    List<Card> cards = new ArrayList<>();
    if (!draft.missing().isEmpty()) {
      cards.add(
          new Card(
              "referral-incomplete",
              Indicator.CRITICAL,
              "This referral would be refused: minimum data set incomplete",
              "Rule: a referral carries its purpose, priority, requester, reason, a clinical"
                  + " question and the service asked for (Carepath referral profile).\n- "
                  + String.join("\n- ", draft.missing())));
    }
    draft
        .fallsRefusal()
        .ifPresent(
            reason ->
                cards.add(
                    new Card(
                        "falls-assessment-first",
                        Indicator.CRITICAL,
                        "This referral would be refused: falls assessment not recorded",
                        "Rule: " + reason)));
    if (draft.routedTo().isPresent()) {
      cards.add(
          new Card(
              "referral-route",
              Indicator.INFO,
              "Goes to "
                  + draft.routedTo().get()
                  + draft.acceptBy().map(by -> ", to be accepted by " + by).orElse(""),
              "Rule: the service directory (type, coverage, priority, opening hours). "
                  + draft.routingReason()));
    } else {
      cards.add(
          new Card(
              "referral-unroutable",
              Indicator.WARNING,
              "No service takes this referral: a care coordinator will route it by hand",
              "Rule: the service directory (type, coverage, priority, opening hours). "
                  + draft.routingReason()));
    }
    return cards;
  }
}
