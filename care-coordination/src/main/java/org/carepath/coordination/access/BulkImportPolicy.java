package org.carepath.coordination.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may load records in bulk (FHIR Bulk Data {@code $import}) and from where. The server fetches
 * the NDJSON files it is told to and stores what they hold as the server (each resource still
 * validated and run through the workflows like any write, but not checked against the importer's
 * relationships), so an import is for an integration role that has the import activity, and its
 * files only from the sources the operator allowed: a URL the server would fetch from anywhere else
 * (an internal address, a cloud metadata endpoint) is refused before anything is fetched.
 */
public final class BulkImportPolicy {

  static final String NO_IMPORT_ACTIVITY =
      "the caller's role does not include importing records (activity import-records)";
  static final String OFF =
      "bulk import is off: no allowed sources are configured (carepath.bulk-import.allowed-sources)";
  static final String NO_FILES = "an import names at least one input file (input.url)";

  /** Whether an import may start, with the reason when not. */
  public sealed interface Start {
    record Allowed() implements Start {}

    record Refused(String reason) implements Start {}
  }

  /**
   * Whether a caller may import the files at {@code urls}.
   *
   * @param mayImport whether the caller's role has the import activity
   * @param allowedSources URL prefixes files may be fetched from (scheme, host, port, path)
   */
  public Start toStart(boolean mayImport, List<String> urls, List<String> allowedSources) {
    if (!mayImport) {
      return new Start.Refused(NO_IMPORT_ACTIVITY);
    }
    if (allowedSources.isEmpty()) {
      return new Start.Refused(OFF);
    }
    if (urls.isEmpty()) {
      return new Start.Refused(NO_FILES);
    }
    for (String url : urls) {
      if (allowedSources.stream().noneMatch(source -> isUnder(url, source))) {
        return new Start.Refused(
            "the file "
                + url
                + " is not under an allowed source ("
                + String.join(", ", allowedSources)
                + ")");
      }
    }
    return new Start.Allowed();
  }

  /**
   * Whether {@code url} is under {@code source}: http or https, no credentials in the URL, the same
   * scheme, host and port, and a path below the source's (a whole path segment: a source {@code
   * /extracts} allows {@code /extracts/a.ndjson}, not {@code /extracts-old/a.ndjson}).
   */
  static boolean isUnder(String url, String source) {
    Optional<URI> file = parse(url);
    Optional<URI> allowed = parse(source);
    if (file.isEmpty() || allowed.isEmpty()) {
      return false;
    }
    URI f = file.get();
    URI a = allowed.get();
    if (f.getRawUserInfo() != null || f.getRawFragment() != null) {
      return false;
    }
    String path = f.normalize().getRawPath() == null ? "" : f.normalize().getRawPath();
    String under = a.normalize().getRawPath() == null ? "" : a.normalize().getRawPath();
    if (!under.endsWith("/")) {
      under = under + "/";
    }
    return f.getScheme().equalsIgnoreCase(a.getScheme())
        && f.getHost().equalsIgnoreCase(a.getHost())
        && port(f) == port(a)
        && !path.contains("/../")
        && !hidesItsPath(f.getRawPath())
        && path.startsWith(under);
  }

  /** An encoded dot or slash, or a backslash: a path a file server may read differently. */
  private static boolean hidesItsPath(String rawPath) {
    String lower = rawPath == null ? "" : rawPath.toLowerCase(Locale.ROOT);
    return lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c");
  }

  private static Optional<URI> parse(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException malformed) {
      return Optional.empty();
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
