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
 * @param allowedOrigins the web origins whose pages may call the services from a browser (CORS, as
 *     CDS Hooks asks of a service; {@code *} for any: calls carry the EHR's JWT, never a cookie)
 */
@ConfigurationProperties("carepath.cds-hooks")
public record CdsHooksProperties(
    @DefaultValue Map<String, String> trustedIssuers,
    @DefaultValue("P2D") Duration dueSoon,
    @DefaultValue("*") java.util.List<String> allowedOrigins) {}
