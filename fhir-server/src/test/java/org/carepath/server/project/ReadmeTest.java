package org.carepath.server.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's Quick start has exactly two commands, and CI runs the second one. */
class ReadmeTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void quickStartHasTheRunAndTestCommandsAndCiRunsTheTestCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("## Quick start");
    assertThat(start).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String quickStart = readme.substring(start, end < 0 ? readme.length() : end);

    Matcher blocks = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(quickStart);
    List<String> commands = blocks.results().map(match -> match.group(1).trim()).toList();
    assertThat(commands).hasSize(2);
    assertThat(commands).allSatisfy(command -> assertThat(command).doesNotContain("\n"));
    assertThat(commands.get(0)).contains("spring-boot:run");

    List<String> ciLines =
        Files.readAllLines(ROOT.resolve(".ci/run")).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    assertThat(ciLines).contains(commands.get(1));
  }
}
