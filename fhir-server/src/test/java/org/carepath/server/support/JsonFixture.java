package org.carepath.server.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies kept as JSON files under {@code src/test/resources/<feature>/}, as a GP system
 * would send them, with {@code {{name}}} placeholders the test fills. A placeholder left unfilled
 * or a value no placeholder takes fails the test, so a fixture and its helper cannot drift.
 */
public final class JsonFixture {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

  private JsonFixture() {}

  /** The fixture {@code resource} (a classpath path) with its placeholders filled. */
  public static String of(String resource, Map<String, ?> values) {
    String template = read(resource);
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder filled = new StringBuilder();
    java.util.Set<String> used = new java.util.HashSet<>();
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException(resource + " needs a value for {{" + name + "}}");
      }
      used.add(name);
      matcher.appendReplacement(
          filled, Matcher.quoteReplacement(escaped(String.valueOf(values.get(name)))));
    }
    matcher.appendTail(filled);
    if (!used.containsAll(values.keySet())) {
      throw new IllegalArgumentException(
          resource + " has no placeholder for some of " + values.keySet());
    }
    return filled.toString();
  }

  /** The filled fixture as a tree, for a helper to add or leave out elements. */
  public static ObjectNode tree(String resource, Map<String, ?> values) {
    try {
      return (ObjectNode) JSON.readTree(of(resource, values));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(resource + " is not valid JSON once filled", e);
    }
  }

  /** A value as it may stand inside a JSON string. */
  private static String escaped(String value) {
    try {
      String quoted = JSON.writeValueAsString(value);
      return quoted.substring(1, quoted.length() - 1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = JsonFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
