package org.carepath.coordination.risk;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.carepath.coordination.terminology.Code;

/**
 * The electronic frailty index's deficits and the codes that evidence each (from the {@code
 * efi-<deficit>} value sets). Polypharmacy has no codes: it is counted from active medicines.
 */
public final class DeficitCatalogue {

  /** The deficit counted from medicines rather than matched by code. */
  public static final String POLYPHARMACY = "polypharmacy";

  private final Map<String, Set<Code>> codesByDeficit;
  private final int deficitCount;

  /**
   * @param codesByDeficit deficit code (e.g. {@code falls}) to the codes that evidence it
   * @param deficitCount how many deficits the index has in all (36 for the eFI), the denominator
   */
  public DeficitCatalogue(Map<String, Set<Code>> codesByDeficit, int deficitCount) {
    if (codesByDeficit.size() + 1 > deficitCount) {
      throw new IllegalArgumentException("more deficits than the index has");
    }
    this.codesByDeficit = new TreeMap<>(codesByDeficit);
    this.codesByDeficit.replaceAll((deficit, codes) -> Set.copyOf(codes));
    this.deficitCount = deficitCount;
  }

  /** Deficits evidenced by any of these codes, in code order. */
  public List<String> deficitsEvidencedBy(Collection<Code> codes) {
    return codesByDeficit.entrySet().stream()
        .filter(entry -> codes.stream().anyMatch(entry.getValue()::contains))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Which of these codes evidences the deficit, if any. */
  public Optional<Code> evidenceFor(String deficit, Collection<Code> codes) {
    Set<Code> evidencing = codesByDeficit.getOrDefault(deficit, Set.of());
    return codes.stream().filter(evidencing::contains).findFirst();
  }

  public int deficitCount() {
    return deficitCount;
  }

  public Set<String> deficits() {
    return codesByDeficit.keySet();
  }
}
