package org.carepath.server.bulkimport;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FHIR Bulk Data import settings.
 *
 * @param allowedSources URL prefixes (scheme, host, port, path) {@code $import} may fetch NDJSON
 *     files from; empty: {@code $import} is off
 */
@ConfigurationProperties("carepath.bulk-import")
public record BulkImportProperties(@DefaultValue List<String> allowedSources) {}
