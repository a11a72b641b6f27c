package org.carepath.server.cdshooks;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CDS Hooks ({@code carepath.cds-hooks}).
 *
 * @param trustedIssuers the EHRs allowed to call: each one's JWT issuer ({@code iss}) and the JWKS
 *     URL its signing keys are read from. With the development issuer, its {@code ehr} issuer is
 *     trusted too (loopback only).
 * @param dueSoon how far ahead a pathway step counts as due soon on a card
 */
@ConfigurationProperties("carepath.cds-hooks")
public record CdsHooksProperties(
    @DefaultValue Map<String, String> trustedIssuers, @DefaultValue("P2D") Duration dueSoon) {}
