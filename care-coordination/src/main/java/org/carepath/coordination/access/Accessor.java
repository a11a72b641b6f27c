package org.carepath.coordination.access;

import java.util.Set;

/**
 * Who is asking, as access sees them.
 *
 * @param duty what they are doing
 * @param actsFor the organisations ({@code Organization/<id>}) they act for: their own and those
 *     directly part of it (a PCN's practices); empty when the token names no known organisation
 */
public record Accessor(Duty duty, Set<String> actsFor) {

  public Accessor {
    actsFor = Set.copyOf(actsFor);
  }
}
