package org.carepath.server.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param maxRequestSize the largest request body (413 above it): room for a large patient's
 *     transaction Bundle
 * @param maxBundleEntries the most entries in a transaction or batch Bundle (413 above it)
 */
@ConfigurationProperties("carepath.fhir")
public record FhirProperties(
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("200") int maxPageSize,
    @DefaultValue("") String serverAddress,
    @DefaultValue("false") boolean reuseCachedSearchResults,
    @DefaultValue("5") int conflictRetries,
    @DefaultValue("64MB") DataSize maxRequestSize,
    @DefaultValue("20000") int maxBundleEntries) {}
