package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Many FHIR clients send token searches ({@code system|code}) without percent-encoding the pipe.
 * Sent byte for byte over a socket (HTTP libraries would encode it), such a search still works.
 */
class UnencodedQueryIT extends ServerTestSupport {

  @Test
  void aTokenSearchWithARawPipeIsAnswered() throws Exception {
    String request =
        "GET /fhir/Organization?type=https://fhir.carepath.org/CodeSystem/organisation-type|pcn"
            + "&_elements=id HTTP/1.1\r\n"
            + "Host: localhost:"
            + port
            + "\r\n"
            + "Authorization: Bearer "
            + tokenFor("gp")
            + "\r\n"
            + "Accept: application/fhir+json\r\n"
            + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("localhost", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String statusLine = in.readLine();
      String response = in.lines().reduce("", String::concat);

      assertThat(statusLine).contains(" 200");
      // The three demo PCNs.
      assertThat(response.split("\"fullUrl\"", -1)).hasSize(4);
    }
  }
}
