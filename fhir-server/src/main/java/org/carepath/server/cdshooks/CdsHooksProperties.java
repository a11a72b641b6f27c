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
 * @param offeredPathways the pathways a card may offer to enrol a patient in: those the record
 *     alone decides (not those entered from a discharge or an urgent referral)
 * @param suggestionValidFor how long an "enrol" suggestion may be accepted after the card
 * @param allowedOrigins the web origins whose pages may call the services from a browser (CORS, as
 *     CDS Hooks asks of a service; {@code *} for any: calls carry the EHR's JWT, never a cookie)
 */
@ConfigurationProperties("carepath.cds-hooks")
public record CdsHooksProperties(
    @DefaultValue Map<String, String> trustedIssuers,
    @DefaultValue("P2D") Duration dueSoon,
    @DefaultValue({"diabetes", "frailty", "end-of-life", "care-homes"})
        java.util.Set<String> offeredPathways,
    @DefaultValue("PT1H") Duration suggestionValidFor,
    @DefaultValue("*") java.util.List<String> allowedOrigins) {}
