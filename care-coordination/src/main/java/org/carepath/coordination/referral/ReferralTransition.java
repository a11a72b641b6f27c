package org.carepath.coordination.referral;

import java.util.Optional;

/**
 * A proposed change of a referral's Task.
 *
 * @param reason the statusReason given with it
 * @param adviceGiven the provider answers with advice and guidance (businessStatus advice-given)
 */
public record ReferralTransition(
    ReferralStatus from,
    ReferralStatus to,
    Party by,
    Optional<String> reason,
    boolean adviceGiven) {}
