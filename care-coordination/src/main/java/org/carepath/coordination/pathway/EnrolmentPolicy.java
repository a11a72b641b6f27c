package org.carepath.coordination.pathway;

/** A clinical rule deciding who a pathway is for. */
@FunctionalInterface
interface EnrolmentPolicy {

  EnrolmentDecision decide(EnrolmentFacts facts);
}
