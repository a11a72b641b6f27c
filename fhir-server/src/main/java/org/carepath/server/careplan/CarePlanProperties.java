package org.carepath.server.careplan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Shared care plan settings.
 *
 * @param recent how far back {@code $shared-care-plan} shows what has ended: steps and other Tasks
 *     closed, referrals and pathway enrolments ended (90 days)
 */
@ConfigurationProperties("carepath.careplan")
public record CarePlanProperties(@DefaultValue("90d") Duration recent) {}
