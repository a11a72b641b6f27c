package org.carepath.server.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Loads a synthetic population into a running Carepath server over FHIR, as GP systems would: each
 * practice's patients by that practice (a practice registers only its own patients), in transaction
 * Bundles of several patients' records (every entry a conditional create, so a re-run or an
 * overlapping run stores nothing twice), posted by parallel clients, with a progress bar.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl fhir-server org.codehaus.mojo:exec-maven-plugin:java \
 *     -Dexec.mainClass=org.carepath.server.demo.PopulationLoader -Dexec.args="--patients 10000"
 * </pre>
 *
 * Options (defaults for the local server the README starts): {@code --server
 * http://localhost:8080/fhir}, {@code --token-endpoint http://localhost:9000/carepath/token} (each
 * practice signs in as its demo GP; {@code --client} and {@code --secret} post everything as one
 * client instead, for a server whose practices are one), {@code --patients 1000}, {@code --first
 * 1000} (index of the first generated patient; the demo population uses 0..49), {@code --seed
 * 20261122}, {@code --mix general-practice|caseload}, {@code --years 1}, {@code --per-bundle 10},
 * {@code --threads 4}.
 */
public final class PopulationLoader {

  /** What a load did. */
  public record Result(int patients, long resources, double seconds) {
    public double resourcesPerSecond() {
      return resources / seconds;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final IParser parser = FhirContext.forR4Cached().newJsonParser();
  private final String fhirBase;
  private final Function<String, String> tokenForPractice;

  /** Posting every practice's patients with one token. */
  public PopulationLoader(String fhirBase, String token) {
    this(fhirBase, practice -> token);
  }

  /**
   * @param tokenForPractice the token of the practice ({@code Organization/<id>}) whose patients
   *     are posted
   */
  public PopulationLoader(String fhirBase, Function<String, String> tokenForPractice) {
    this.fhirBase = fhirBase;
    this.tokenForPractice = tokenForPractice;
  }

  /**
   * Posts patients {@code first .. first + count - 1} of the population, {@code perBundle} to a
   * transaction, from {@code threads} clients, drawing a progress bar on {@code progress} (null for
   * none).
   */
  public Result load(
      SyntheticPopulation population,
      int first,
      int count,
      int perBundle,
      int threads,
      PrintStream progress)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    patientsDone.set(0);
    resources.set(0);
    started = System.nanoTime();
    try {
      List<Future<?>> posted = new ArrayList<>();
      // Each practice's patients go together, posted by that practice.
      Map<String, List<Integer>> waiting = new java.util.LinkedHashMap<>();
      for (int i = first; i < first + count; i++) {
        String practice = population.person(i).practice();
        List<Integer> batch = waiting.computeIfAbsent(practice, p -> new ArrayList<>());
        batch.add(i);
        if (batch.size() == perBundle) {
          posted.add(submit(pool, population, practice, List.copyOf(batch), progress, count));
          batch.clear();
        }
      }
      waiting.forEach(
          (practice, batch) -> {
            if (!batch.isEmpty()) {
              posted.add(submit(pool, population, practice, List.copyOf(batch), progress, count));
            }
          });
      for (Future<?> future : posted) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("loading failed: " + e.getCause().getMessage(), e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (progress != null) {
      progress.println();
    }
    return new Result(count, resources.get(), (System.nanoTime() - started) / 1e9);
  }

  private final AtomicInteger patientsDone = new AtomicInteger();
  private final AtomicLong resources = new AtomicLong();
  private volatile long started;

  private Future<?> submit(
      ExecutorService pool,
      SyntheticPopulation population,
      String practice,
      List<Integer> indices,
      PrintStream progress,
      int count) {
    return pool.submit(
        () -> {
          Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
          for (int i : indices) {
            bundle.getEntry().addAll(population.patient(i).bundle().getEntry());
          }
          post(parser.encodeResourceToString(bundle), tokenForPractice.apply(practice));
          resources.addAndGet(bundle.getEntry().size());
          int done = patientsDone.addAndGet(indices.size());
          if (progress != null) {
            draw(progress, done, count, resources.get(), started);
          }
          return null;
        });
  }

  private void post(String body, String token) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fhirBase))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/fhir+json")
            .header("Accept", "application/fhir+json")
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "the server answered " + response.statusCode() + ": " + abbreviate(response.body()));
    }
  }

  private static synchronized void draw(
      PrintStream out, int done, int total, long resources, long started) {
    double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
    int width = 30;
    int filled = (int) ((long) width * done / total);
    double rate = done / seconds;
    long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    out.printf(
        Locale.ROOT,
        "\r[%s%s] %3d%% %,d/%,d patients  %,.0f resources/s  ETA %d:%02d ",
        "#".repeat(filled),
        "-".repeat(width - filled),
        100L * done / total,
        done,
        total,
        resources / seconds,
        eta / 60,
        eta % 60);
    out.flush();
  }

  private static String abbreviate(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }

  /** A token for a client by the client-credentials grant. */
  public static String clientToken(String tokenEndpoint, String clientId, String secret)
      throws IOException, InterruptedException {
    return token(
        tokenEndpoint,
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8));
  }

  /**
   * Tokens of each demo practice's GP from the development issuer (password grant), asked once per
   * practice.
   */
  public static Function<String, String> demoGpTokens(String tokenEndpoint) {
    Map<String, String> logins = DemoWorld.gpLogins();
    Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    return practice ->
        tokens.computeIfAbsent(
            practice,
            p -> {
              String login = logins.get(p);
              if (login == null) {
                throw new IllegalArgumentException("No demo GP at " + p);
              }
              try {
                return demoToken(tokenEndpoint, login);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
  }

  /** A token for a demo user from the development issuer (password grant, password "demo"). */
  public static String demoToken(String tokenEndpoint, String login)
      throws IOException, InterruptedException {
    return token(
        tokenEndpoint,
        "grant_type=password&client_id=carepath-web&password=demo&username="
            + URLEncoder.encode(login, StandardCharsets.UTF_8));
  }

  private static String token(String tokenEndpoint, String form)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(tokenEndpoint))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("the token endpoint answered " + response.statusCode());
    }
    return new ObjectMapper().readTree(response.body()).get("access_token").asText();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("options are --name value pairs: " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    String server = options.getOrDefault("server", "http://localhost:8080/fhir");
    String tokenEndpoint =
        options.getOrDefault("token-endpoint", "http://localhost:9000/carepath/token");
    Function<String, String> tokens = demoGpTokens(tokenEndpoint);
    if (options.containsKey("client")) {
      String token =
          clientToken(tokenEndpoint, options.get("client"), options.getOrDefault("secret", "demo"));
      tokens = practice -> token;
    }
    int patients = Integer.parseInt(options.getOrDefault("patients", "1000"));
    int first = Integer.parseInt(options.getOrDefault("first", "1000"));
    PopulationMix mix =
        "caseload".equals(options.get("mix"))
            ? PopulationMix.caseload()
            : PopulationMix.generalPractice();
    SyntheticPopulation population =
        new SyntheticPopulation(
            Long.parseLong(options.getOrDefault("seed", "20261122")),
            mix,
            DemoWorld.practiceReferences(),
            LocalDate.now(),
            Integer.parseInt(options.getOrDefault("years", "1")));
    Result result =
        new PopulationLoader(server, tokens)
            .load(
                population,
                first,
                patients,
                Integer.parseInt(options.getOrDefault("per-bundle", "10")),
                Integer.parseInt(options.getOrDefault("threads", "4")),
                System.err);
    System.out.printf(
        Locale.ROOT,
        "Loaded %,d patients (%,d resources) in %.1f s: %,.0f resources/s%n",
        result.patients(),
        result.resources(),
        result.seconds(),
        result.resourcesPerSecond());
  }
}
