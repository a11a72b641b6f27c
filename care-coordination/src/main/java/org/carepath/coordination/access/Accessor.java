package org.carepath.coordination.access;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as access sees them.
 *
 * @param duty what they are doing
 * @param organisation their own organisation ({@code Organization/<id>}), empty when the token
 *     names no known organisation
 * @param actsFor the organisations they act for: their own and those directly part of it (a PCN's
 *     practices); empty when the token names no known organisation
 */
public record Accessor(Duty duty, Optional<String> organisation, Set<String> actsFor) {

  public Accessor {
    actsFor = Set.copyOf(actsFor);
  }
}
