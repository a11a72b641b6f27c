package org.carepath.server.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The FHIR API's own settings.
 *
 * @param defaultPageSize search results per page when the client does not ask ({@code _count})
 * @param maxPageSize the most a client may ask for in one page
 * @param serverAddress the public base URL (e.g. {@code https://carepath.example.nhs.uk/fhir}) when
 *     a proxy hides it; empty means "as the request came in"
 * @param reuseCachedSearchResults whether identical searches within a minute share results; off so
 *     a coordinator's worklist always shows what was just written
 * @param conflictRetries how often a write that lost a race (e.g. concurrent conditional creates of
 *     the same resource) is retried before the client gets 409
 */
@ConfigurationProperties("carepath.fhir")
public record FhirProperties(
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("200") int maxPageSize,
    @DefaultValue("") String serverAddress,
    @DefaultValue("false") boolean reuseCachedSearchResults,
    @DefaultValue("5") int conflictRetries) {}
