package org.carepath.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The most a client may send in one request to {@code /fhir} ({@code
 * carepath.fhir.max-request-size}). A declared {@code Content-Length} over it is answered 413 with
 * an OperationOutcome before a byte is read; a body without one (chunked) is counted as it is read
 * and refused at the limit, so no more than the limit is ever read.
 */
class RequestSizeFilter extends OncePerRequestFilter {

  private final long maxBytes;

  RequestSizeFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      response.setStatus(413);
      response.setContentType("application/fhir+json");
      response.setCharacterEncoding("UTF-8");
      // Tomcat would otherwise read (swallow) the refused body to keep the connection.
      response.setHeader("Connection", "close");
      response
          .getOutputStream()
          .write(
              ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                      + "\"code\":\"too-costly\",\"diagnostics\":\"The request body is "
                      + declared
                      + " bytes; this server takes at most "
                      + maxBytes
                      + " (carepath.fhir.max-request-size): send it in parts\"}]}")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(declared >= 0 ? request : new Limited(request, maxBytes), response);
  }

  /** A request whose body may be read only up to the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    Counting(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > maxBytes) {
        throw new PayloadTooLargeException(
            "The request body is over "
                + maxBytes
                + " bytes, the most this server takes (carepath.fhir.max-request-size): send it"
                + " in parts");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
