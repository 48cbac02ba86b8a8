package dev.tessera.auth.admin.api;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;

/**
 * Refused admin calls: a missing or inactive token ({@code admin.authenticate}), a token
 * without the scope ({@code admin.authorize}), or a change the rules refused (the
 * change's own operation, e.g. {@code client.create}, as a {@code business_error}).
 * Successful changes are recorded by the services that make them.
 */
public class AdminAuditing {

	private static final Logger log = LoggerFactory.getLogger(AdminAuditing.class);

	private static final Pattern ONE = Pattern.compile("/admin/api/(clients|scopes)/[^/]+");

	private static final Pattern TRUSTED_ISSUER = Pattern.compile("/admin/api/trusted-issuers/[^/]+");

	private static final Pattern USER = Pattern.compile("/admin/api/users/[^/]+");

	private final AuditTrail trail;

	public AdminAuditing(AuditTrail trail) {
		this.trail = trail;
	}

	public void refused(HttpServletRequest request, String operation, int status, String reason) {
		Map<String, Object> detail = new HashMap<>();
		detail.put("status", status);
		detail.put("method", request.getMethod());
		detail.put("path", AuditText.safe(request.getRequestURI()));
		detail.put("reason", AuditText.safe(reason));
		try {
			this.trail.recordAndWait(operation, AuditOutcome.BUSINESS_ERROR, AuditTrail.currentActor(), detail, null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Refused admin call could not be audited: {}", ex.getMessage());
		}
	}

	/** The business name of an admin change, or null for a read. */
	public static String operationFor(String method, String path) {
		if ("GET".equals(method) || "HEAD".equals(method)) {
			return null;
		}
		String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		if (p.equals("/admin/api/clients") && method.equals("POST")) {
			return "client.create";
		}
		if (p.startsWith("/admin/api/clients/") && p.endsWith("/secret")) {
			return "client.secret.rotate";
		}
		if (ONE.matcher(p).matches()) {
			String area = p.startsWith("/admin/api/clients/") ? "client" : "scope";
			return area + (method.equals("DELETE") ? ".delete" : ".update");
		}
		if (p.equals("/admin/api/trusted-issuers") && method.equals("POST")) {
			return "trusted_issuer.create";
		}
		if (TRUSTED_ISSUER.matcher(p).matches()) {
			return "trusted_issuer" + (method.equals("DELETE") ? ".delete" : ".update");
		}
		if (p.equals("/admin/api/users") && method.equals("POST")) {
			return "user.create";
		}
		if (USER.matcher(p).matches()) {
			return "user" + (method.equals("DELETE") ? ".delete" : ".update");
		}
		if (p.equals("/admin/api/scopes") && method.equals("POST")) {
			return "scope.create";
		}
		if (p.equals("/admin/api/keys/rotate")) {
			return "key.rotate";
		}
		if (p.startsWith("/admin/api/keys/") && p.endsWith("/revoke")) {
			return "key.revoke";
		}
		return "admin.request";
	}

}
