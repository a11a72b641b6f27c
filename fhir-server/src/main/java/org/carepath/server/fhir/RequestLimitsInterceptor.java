package org.carepath.server.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.IModelVisitor2;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseBinary;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * What a client may send, checked before anything is done with it: paging parameters that are whole
 * numbers from 0 ({@code _count=-5} is a 400, not ignored), Bundles of at most {@code
 * maxBundleEntries} entries (413), and no string longer than FHIR's 1 MB (R4 "string": "strings
 * SHALL NOT exceed 1MB in size") — a 422 naming the element. The body's size is the servlet
 * filter's ({@link RequestSizeFilter}).
 */
@Interceptor
class RequestLimitsInterceptor {

  /** FHIR R4's limit on a string, in UTF-8 bytes. */
  static final int MAX_STRING_BYTES = 1024 * 1024;

  private static final List<String> WHOLE_NUMBER_PARAMETERS = List.of("_count", "_offset");

  private final FhirContext fhirContext;
  private final int maxBundleEntries;

  RequestLimitsInterceptor(FhirContext fhirContext, int maxBundleEntries) {
    this.fhirContext = fhirContext;
    this.maxBundleEntries = maxBundleEntries;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void check(RequestDetails request, RestOperationTypeEnum operation) {
    for (String name : WHOLE_NUMBER_PARAMETERS) {
      String[] values = request.getParameters().get(name);
      if (values != null) {
        for (String value : values) {
          if (!value.matches("\\d{1,9}")) {
            throw new InvalidRequestException(
                name + " must be a whole number from 0 (was '" + abbreviate(value) + "')");
          }
        }
      }
    }
    IBaseResource resource = request.getResource();
    if (resource == null) {
      return;
    }
    if (resource instanceof Bundle bundle && bundle.getEntry().size() > maxBundleEntries) {
      throw new PayloadTooLargeException(
          "A Bundle may hold at most "
              + maxBundleEntries
              + " entries (carepath.fhir.max-bundle-entries); this one has "
              + bundle.getEntry().size()
              + ": send it in parts");
    }
    // A body no larger than the limit cannot hold a longer string: only then walk the resource
    // (the body is already read and kept by HAPI; this keeps the walk off ordinary requests).
    byte[] body = request.loadRequestContents();
    if (body == null || body.length <= MAX_STRING_BYTES) {
      return;
    }
    String tooLong = firstOverlongString(resource);
    if (tooLong != null) {
      throw new UnprocessableEntityException(
          tooLong + " is longer than FHIR allows for a string (1 MB): nothing was stored");
    }
  }

  /** The path of the first string over 1 MB, or null. Binary content is not a string. */
  private String firstOverlongString(IBaseResource resource) {
    String[] found = new String[1];
    fhirContext
        .newTerser()
        .visit(
            resource,
            new IModelVisitor2() {
              @Override
              public boolean acceptElement(
                  IBase element,
                  List<IBase> containingElementPath,
                  List<BaseRuntimeChildDefinition> childDefinitionPath,
                  List<BaseRuntimeElementDefinition<?>> elementDefinitionPath) {
                if (found[0] != null) {
                  return false;
                }
                if (element instanceof IPrimitiveType<?> primitive
                    && !(element instanceof Base64BinaryType)
                    && primitive.getValueAsString() != null
                    && primitive.getValueAsString().length() > MAX_STRING_BYTES / 4
                    && primitive.getValueAsString().getBytes(StandardCharsets.UTF_8).length
                        > MAX_STRING_BYTES) {
                  found[0] = path(resource, childDefinitionPath);
                  return false;
                }
                return !(element instanceof IBaseBinary);
              }

              @Override
              public boolean acceptUndeclaredExtension(
                  IBaseExtension<?, ?> extension,
                  List<IBase> containingElementPath,
                  List<BaseRuntimeChildDefinition> childDefinitionPath,
                  List<BaseRuntimeElementDefinition<?>> elementDefinitionPath) {
                return found[0] == null;
              }
            });
    return found[0];
  }

  private static String path(IBaseResource resource, List<BaseRuntimeChildDefinition> children) {
    StringBuilder path = new StringBuilder(resource.fhirType());
    for (BaseRuntimeChildDefinition child : children) {
      path.append('.').append(child.getElementName());
    }
    return path.toString();
  }

  private static String abbreviate(String value) {
    return value.length() > 20 ? value.substring(0, 20) + "…" : value;
  }
}
