package org.carepath.server.security;

import java.util.List;

/** The accounts the development issuer knows (one per role, from the demo staff). */
public record DevAccounts(List<DevAccount> all) {

  public DevAccounts {
    all = List.copyOf(all);
  }
}
