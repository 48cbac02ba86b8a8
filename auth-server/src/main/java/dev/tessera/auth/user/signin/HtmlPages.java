package dev.tessera.auth.user.signin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * Writes a Thymeleaf page from outside Spring MVC (a filter, an endpoint's error
 * handler), with the pages' security headers and the request's CSRF token as
 * {@code _csrf}, as the templates expect it under MVC too.
 */
public class HtmlPages {

	private final ITemplateEngine templates;

	private final PageSecurityHeaders headers;

	public HtmlPages(ITemplateEngine templates, PageSecurityHeaders headers) {
		this.templates = templates;
		this.headers = headers;
	}

	public void render(HttpServletRequest request, HttpServletResponse response, int status, String template,
			Map<String, Object> variables) throws IOException {
		WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
			.buildExchange(request, response), request.getLocale());
		context.setVariables(variables);
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
			context.setVariable("_csrf", csrf);
		}
		String html = this.templates.process(template, context);
		this.headers.writeHeaders(request, response);
		response.setStatus(status);
		response.setContentType("text/html;charset=UTF-8");
		byte[] body = html.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
