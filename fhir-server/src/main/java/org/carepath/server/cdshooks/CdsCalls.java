package org.carepath.server.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.server.security.CarepathUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every Carepath CDS Service does the same way: who the caller is (the Carepath token in
 * {@code fhirAuthorization}), reading the record through Carepath's own FHIR API with that token,
 * and a card in CDS Hooks' shape.
 */
final class CdsCalls {

  private CdsCalls() {}

  /** The user or system the EHR passes; 403 without a valid Carepath token. */
  static CarepathUser caller(CdsServiceRequestAuthorizationJson authorisation, JwtDecoder tokens) {
    if (authorisation == null || authorisation.getAccessToken() == null) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN,
          "fhirAuthorization with a Carepath access token is required: cards show only what the"
              + " user or system may see");
    }
    try {
      Jwt token = tokens.decode(authorisation.getAccessToken());
      return CarepathUser.fromClaims(token.getSubject(), token.getClaims());
    } catch (JwtException refused) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN, "fhirAuthorization.access_token is not a valid Carepath token");
    }
  }

  /** A client of this server's FHIR API on loopback, acting with the caller's token. */
  static IGenericClient client(FhirContext fhirContext, CdsServiceRequestAuthorizationJson auth) {
    HttpServletRequest request = currentRequest();
    IGenericClient client =
        fhirContext.newRestfulGenericClient(
            "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath() + "/fhir");
    client.registerInterceptor(new BearerTokenAuthInterceptor(auth.getAccessToken()));
    return client;
  }

  static String patientId(String value) {
    if (value == null || value.isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "context.patientId is required");
    }
    return value;
  }

  /** A card, linking the person's shared care plan in the web app. */
  static CdsServiceResponseCardJson card(PatientViewPolicy.Card card, String patientId) {
    String base = publicBase();
    CdsServiceResponseCardJson json = new CdsServiceResponseCardJson();
    json.setUuid(UUID.randomUUID().toString());
    json.setSummary(card.summary());
    json.setDetail(card.detail());
    json.setIndicator(CdsServiceIndicatorEnum.valueOf(card.indicator().name()));
    json.setSource(
        new CdsServiceResponseCardSourceJson()
            .setLabel("Carepath (" + card.kind() + ")")
            .setUrl(base + "/app/"));
    List<CdsServiceResponseLinkJson> links = new ArrayList<>();
    links.add(
        new CdsServiceResponseLinkJson()
            .setLabel("Open the shared care plan")
            .setUrl(base + "/app/#/patient/" + patientId)
            .setType("absolute"));
    if (PatientViewPolicy.END_OF_LIFE_RECORD.equals(card.kind())) {
      // The FHIR document 111, ambulance and out-of-hours read, with the same token as the call.
      links.add(
          new CdsServiceResponseLinkJson()
              .setLabel("Crisis summary (FHIR document)")
              .setUrl(base + "/fhir/Patient/" + patientId + "/$summary")
              .setType("absolute"));
    }
    json.setLinks(links);
    return json;
  }

  private static HttpServletRequest currentRequest() {
    return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
        .getRequest();
  }

  /** This server as the caller reached it, for links on cards. */
  private static String publicBase() {
    HttpServletRequest request = currentRequest();
    String url = request.getRequestURL().toString();
    return url.substring(0, url.length() - request.getRequestURI().length())
        + request.getContextPath();
  }
}
