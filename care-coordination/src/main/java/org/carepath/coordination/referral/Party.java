package org.carepath.coordination.referral;

/** Who changes a referral: the service it is routed to, or the one who sent it. */
public enum Party {
  /** The provider: the Task's owner (the routed service's organisation). */
  OWNER,
  /** The referrer: the Task's requester. */
  REQUESTER
}
