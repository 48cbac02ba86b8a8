package dev.tessera.admin.config;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests it refuses before Spring sees them (a malformed
 * request line, headers above the limit, an encoded {@code /} in the path): the status
 * only, without the server's name and version or an exception report, and with the
 * headers every other response of the console carries ({@code nosniff}, no framing, never
 * cached).
 */
public class ConsoleErrorReportValve extends ErrorReportValve {

	public ConsoleErrorReportValve() {
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		if (response.getStatus() >= 400 && !response.isCommitted()) {
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("X-Frame-Options", "DENY");
			response.setHeader("Cache-Control", "no-store");
		}
		super.report(request, response, throwable);
	}

}
