package org.carepath.server.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Patient-level access (docs/security.md).
 *
 * @param relationshipGrace how long a relationship lasts after the record that made it ends — a
 *     referral or step completed, a care team left, an episode finished, a registration moved (28
 *     days), so those who just cared for the person can follow up
 * @param emergencyAccessFor how long an emergency (break-glass) access lasts once asserted (4 h)
 * @param smallNumberThreshold commissioners' aggregates withhold counts from 1 to this minus one
 *     (5: counts under 5 are withheld; 1 withholds nothing)
 */
@ConfigurationProperties("carepath.access")
public record AccessProperties(
    @DefaultValue("28d") Duration relationshipGrace,
    @DefaultValue("4h") Duration emergencyAccessFor,
    @DefaultValue("5") int smallNumberThreshold) {}
