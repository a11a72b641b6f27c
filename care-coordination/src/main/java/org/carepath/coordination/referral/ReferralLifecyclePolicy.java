package org.carepath.coordination.referral;

import static org.carepath.coordination.referral.ReferralStatus.ACCEPTED;
import static org.carepath.coordination.referral.ReferralStatus.CANCELLED;
import static org.carepath.coordination.referral.ReferralStatus.COMPLETED;
import static org.carepath.coordination.referral.ReferralStatus.FAILED;
import static org.carepath.coordination.referral.ReferralStatus.IN_PROGRESS;
import static org.carepath.coordination.referral.ReferralStatus.ON_HOLD;
import static org.carepath.coordination.referral.ReferralStatus.RECEIVED;
import static org.carepath.coordination.referral.ReferralStatus.REJECTED;
import static org.carepath.coordination.referral.ReferralStatus.REQUESTED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.referral.TransitionDecision.Refused;
import org.carepath.coordination.referral.TransitionDecision.Refused.Kind;

/**
 * The referral Task's state machine (HL7 Clinical Order Workflow: delivery is not acceptance). The
 * provider (owner) receives, accepts, starts, holds, completes, rejects or fails; advice and
 * guidance completes a referral instead of accepting it. The referrer (requester) may cancel until
 * the provider has started. Rejecting, cancelling and failing need a reason.
 */
public final class ReferralLifecyclePolicy {

  private static final Map<ReferralStatus, Set<ReferralStatus>> BY_OWNER =
      new EnumMap<>(ReferralStatus.class);
  private static final Set<ReferralStatus> CANCELLABLE =
      EnumSet.of(REQUESTED, RECEIVED, ACCEPTED, ON_HOLD);
  private static final Set<ReferralStatus> NEED_REASON = EnumSet.of(REJECTED, CANCELLED, FAILED);

  static {
    BY_OWNER.put(REQUESTED, EnumSet.of(RECEIVED, ACCEPTED, REJECTED));
    BY_OWNER.put(RECEIVED, EnumSet.of(ACCEPTED, REJECTED));
    BY_OWNER.put(ACCEPTED, EnumSet.of(IN_PROGRESS, ON_HOLD, COMPLETED, FAILED));
    BY_OWNER.put(IN_PROGRESS, EnumSet.of(ON_HOLD, COMPLETED, FAILED));
    BY_OWNER.put(ON_HOLD, EnumSet.of(IN_PROGRESS, ACCEPTED, FAILED));
  }

  public TransitionDecision decide(ReferralTransition change) {
    ReferralStatus from = change.from();
    ReferralStatus to = change.to();
    if (from == to) {
      return TransitionDecision.ALLOWED;
    }
    if (from.hasEnded()) {
      return new Refused(
          Kind.CONFLICT, "The referral is " + label(from) + ": it cannot change any more.");
    }
    if (change.adviceGiven()) {
      return adviceAndGuidance(change);
    }
    boolean ownerMay = BY_OWNER.getOrDefault(from, Set.of()).contains(to);
    boolean requesterMay = to == CANCELLED && CANCELLABLE.contains(from);
    if (change.by() == Party.OWNER && !ownerMay) {
      return requesterMay
          ? new Refused(
              Kind.WRONG_PARTY, "Only the referrer cancels a referral; the service rejects it.")
          : notFrom(from, to);
    }
    if (change.by() == Party.REQUESTER && !requesterMay) {
      if (to == CANCELLED) {
        return new Refused(
            Kind.CONFLICT,
            "The service has started (the referral is "
                + label(from)
                + "): ask them to stop; it can no longer be cancelled.");
      }
      return ownerMay
          ? new Refused(
              Kind.WRONG_PARTY,
              "Only the service the referral is routed to moves it to " + label(to) + ".")
          : notFrom(from, to);
    }
    if (NEED_REASON.contains(to) && change.reason().filter(r -> !r.isBlank()).isEmpty()) {
      return new Refused(
          Kind.INCOMPLETE,
          "Say why the referral is " + label(to) + " (statusReason): the referrer acts on it.");
    }
    return TransitionDecision.ALLOWED;
  }

  /** The statusReason of a Task cancelled because its referral was withdrawn. */
  public static final String WITHDRAWN =
      "Withdrawn by the referrer: the referral (ServiceRequest) was revoked.";

  /**
   * The referrer withdraws the referral itself (its ServiceRequest revoked or entered in error):
   * its open tracking Task is cancelled as if the referrer cancelled it, so the same rule holds —
   * not once the service has started. A Task that has ended is left as it is.
   */
  public Withdrawal withdraw(ReferralStatus task) {
    if (task.hasEnded()) {
      return Withdrawal.NOTHING_OPEN;
    }
    TransitionDecision decision =
        decide(
            new ReferralTransition(
                task, CANCELLED, Party.REQUESTER, Optional.of(WITHDRAWN), false));
    return decision instanceof Refused refused
        ? new Withdrawal.Refused(
            "The referral cannot be withdrawn: " + refused.reason() + " Keep it active.")
        : Withdrawal.CANCEL_TASK;
  }

  /** What withdrawing a referral does to its tracking Task. */
  public sealed interface Withdrawal {
    Withdrawal CANCEL_TASK = new CancelTask();
    Withdrawal NOTHING_OPEN = new NothingOpen();

    /** Cancel the Task with statusReason {@link #WITHDRAWN}. */
    record CancelTask() implements Withdrawal {}

    /** The Task has ended: nothing to do. */
    record NothingOpen() implements Withdrawal {}

    /** The withdrawal is refused (409): the service has started. */
    record Refused(String reason) implements Withdrawal {}
  }

  /** Advice and guidance: the provider answers instead of accepting, completing the referral. */
  private TransitionDecision adviceAndGuidance(ReferralTransition change) {
    if (change.by() != Party.OWNER) {
      return new Refused(Kind.WRONG_PARTY, "Advice and guidance is given by the service.");
    }
    if (change.to() != COMPLETED || !(change.from() == REQUESTED || change.from() == RECEIVED)) {
      return new Refused(
          Kind.CONFLICT,
          "Advice and guidance answers a referral not yet accepted, completing it (it is "
              + label(change.from())
              + ").");
    }
    return TransitionDecision.ALLOWED;
  }

  private static Refused notFrom(ReferralStatus from, ReferralStatus to) {
    return new Refused(
        Kind.CONFLICT, "A referral that is " + label(from) + " cannot become " + label(to) + ".");
  }

  private static String label(ReferralStatus status) {
    return status.code().replace('-', ' ');
  }
}
