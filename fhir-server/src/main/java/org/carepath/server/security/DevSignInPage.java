package org.carepath.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The development issuer's sign-in page: one button per demo person. The issuer shows it at its
 * authorization endpoint and the chosen button posts back the account's login and claims, which the
 * issuer puts in the token (so a token from the code flow carries the same organisation, role and
 * practitioner as one from the password grant). No password: local development only (ADR 0002,
 * hazard H-05).
 */
final class DevSignInPage {

  private DevSignInPage() {}

  /** Writes the page to a temporary file (the issuer reads its login page from a path). */
  static Path write(List<DevAccount> accounts) {
    try {
      Path file = Files.createTempFile("carepath-dev-sign-in", ".html");
      file.toFile().deleteOnExit();
      Files.writeString(file, html(accounts), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("The development issuer's sign-in page", e);
    }
  }

  static String html(List<DevAccount> accounts) {
    StringBuilder page =
        new StringBuilder(
            """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in (development) - Carepath</title>
            <style>
              body { font-family: Arial, sans-serif; margin: 0; color: #212b32; background: #f0f4f5; }
              header { background: #005eb8; color: #fff; padding: 16px; }
              main { max-width: 640px; margin: 0 auto; padding: 16px; }
              .warning { background: #fff9c4; border-left: 8px solid #ffeb3b; padding: 12px; }
              ul { list-style: none; padding: 0; }
              li { margin: 8px 0; }
              button { width: 100%; text-align: left; font-size: 1rem; padding: 12px;
                background: #fff; border: 2px solid #005eb8; border-radius: 4px; cursor: pointer; }
              button:focus { outline: 4px solid #ffeb3b; }
              .role { display: block; color: #4c6272; font-size: 0.9rem; }
            </style>
            </head>
            <body>
            <header><strong>Carepath</strong> development sign-in</header>
            <main>
            <h1>Choose a demo user</h1>
            <p class="warning">This sign-in is for a developer's own machine: it asks for no
            password and knows only the demo people. Production signs in at the configured
            identity provider.</p>
            <ul>
            """);
    for (DevAccount account : accounts) {
      if (account.system()) {
        continue;
      }
      page.append("<li><form method=\"post\">")
          .append("<input type=\"hidden\" name=\"username\" value=\"")
          .append(escape(account.login()))
          .append("\"><input type=\"hidden\" name=\"claims\" value=\"")
          .append(escape(DevIssuer.claims(account).toString()))
          .append("\"><button type=\"submit\" id=\"sign-in-")
          .append(escape(account.login()))
          .append("\">")
          .append(escape(account.displayName()))
          .append("<span class=\"role\">")
          .append(escape(account.login()))
          .append(" &middot; ")
          .append(escape(account.role().code()))
          .append(" &middot; ")
          .append(escape(account.organisationOdsCode()))
          .append("</span></button></form></li>\n");
    }
    return page.append("</ul>\n</main>\n</body>\n</html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
