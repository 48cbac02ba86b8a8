package dev.tessera.auth.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Requests Tomcat refuses before Spring sees them (an encoded {@code /} or NUL in the
 * path, a malformed request line, headers above the size limit) get an RFC 9457 problem
 * instead of Tomcat's HTML error page, with no server details, with the
 * {@link SecurityHeaders} of every other response, never cached.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private SecurityHeaders headers = new SecurityHeaders(false);

	public ProblemErrorReportValve() {
		setShowReport(false);
		setShowServerInfo(false);
	}

	public ProblemErrorReportValve(SecurityHeaders headers) {
		this();
		this.headers = headers;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		try {
			this.headers.write(request, response);
			response.setHeader("Cache-Control", "no-store");
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"about:blank\",\"status\":" + status + "}");
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the response is already gone
		}
	}

}
