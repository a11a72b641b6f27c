package org.carepath.server.risk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Risk stratification settings.
 *
 * @param frailty the electronic frailty index
 */
@ConfigurationProperties("carepath.risk")
public record RiskProperties(@DefaultValue Frailty frailty) {

  /**
   * @param minimumAge the index applies from this age (65)
   * @param polypharmacy active medicines that count as the polypharmacy deficit (5)
   * @param fitUpTo highest reported score that is "fit" (0.12)
   * @param mildUpTo highest reported score that is "mild" (0.24)
   * @param moderateUpTo highest reported score that is "moderate" (0.36); above is "severe"
   */
  public record Frailty(
      @DefaultValue("65") int minimumAge,
      @DefaultValue("5") int polypharmacy,
      @DefaultValue("0.12") double fitUpTo,
      @DefaultValue("0.24") double mildUpTo,
      @DefaultValue("0.36") double moderateUpTo) {}
}
