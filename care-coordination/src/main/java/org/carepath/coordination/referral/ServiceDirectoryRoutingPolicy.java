package org.carepath.coordination.referral;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.carepath.coordination.terminology.Code;

/**
 * Routes a referral through the service directory: a service offering what is asked, covering the
 * patient's practice, PCN or place, accepting the priority, and taking referrals now. Among
 * several, the one covering the patient most locally (practice before PCN before place), then by
 * id. A routine referral to a service that is closed waits for it to open; a more urgent one is
 * unroutable (a coordinator finds another way) rather than left unseen.
 */
public final class ServiceDirectoryRoutingPolicy {

  public RoutingDecision route(RoutingRequest request, List<ServiceOffer> directory) {
    List<ServiceOffer> offering =
        directory.stream().filter(s -> offers(s, request.asked())).toList();
    if (offering.isEmpty()) {
      return new RoutingDecision.Unroutable(
          "No service in the directory offers " + describe(request.asked()) + ".");
    }
    List<ServiceOffer> covering =
        offering.stream()
            .filter(s -> s.coverage().stream().anyMatch(request.patientArea()::contains))
            .toList();
    if (covering.isEmpty()) {
      return new RoutingDecision.Unroutable(
          "No "
              + describe(request.asked())
              + " service covers the patient's practice, PCN or place.");
    }
    List<ServiceOffer> accepting =
        covering.stream().filter(s -> s.priorities().contains(request.priority())).toList();
    if (accepting.isEmpty()) {
      return new RoutingDecision.Unroutable(
          "The services covering the patient ("
              + String.join(", ", covering.stream().map(ServiceOffer::name).toList())
              + ") do not take "
              + request.priority()
              + " referrals.");
    }
    Comparator<ServiceOffer> mostLocal =
        Comparator.comparingInt((ServiceOffer s) -> localRank(s, request.patientArea()))
            .thenComparing(ServiceOffer::id);
    List<ServiceOffer> open =
        accepting.stream().filter(s -> s.isOpen(request.at())).sorted(mostLocal).toList();
    if (!open.isEmpty()) {
      ServiceOffer chosen = open.get(0);
      return new RoutingDecision.Routed(
          chosen,
          chosen.name()
              + " offers "
              + describe(request.asked())
              + ", covers the patient and takes "
              + request.priority()
              + " referrals now.");
    }
    if ("routine".equals(request.priority())) {
      ServiceOffer chosen = accepting.stream().sorted(mostLocal).findFirst().orElseThrow();
      return new RoutingDecision.Routed(
          chosen, chosen.name() + " is closed now; the routine referral waits for it to open.");
    }
    return new RoutingDecision.Unroutable(
        "Every service that could take this "
            + request.priority()
            + " referral is closed now: a coordinator must find another way.");
  }

  private static boolean offers(ServiceOffer service, Set<Code> asked) {
    return service.types().stream().anyMatch(asked::contains);
  }

  private static int localRank(ServiceOffer service, List<String> areaMostLocalFirst) {
    for (int i = 0; i < areaMostLocalFirst.size(); i++) {
      if (service.coverage().contains(areaMostLocalFirst.get(i))) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static String describe(Set<Code> asked) {
    return asked.stream()
        .map(Code::code)
        .sorted()
        .reduce((a, b) -> a + " or " + b)
        .orElse("the service asked for");
  }
}
