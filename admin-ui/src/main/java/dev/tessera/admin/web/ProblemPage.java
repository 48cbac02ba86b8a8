package dev.tessera.admin.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's one page for a refusal or a failure ({@code templates/problem.html}), so
 * that every place that refuses (a form the person's role cannot use, an API problem, an
 * unreachable server) fills the same model attributes the template reads.
 */
public final class ProblemPage {

	/** The template. */
	public static final String VIEW = "problem";

	private ProblemPage() {
	}

	/** A 403 "Not allowed" page with the reason. */
	public static ModelAndView notAllowed(String detail) {
		return of(HttpStatus.FORBIDDEN, "Not allowed", detail);
	}

	/** A 403 "Not allowed" page for a page that needs a scope the person lacks. */
	public static ModelAndView needsScope(String scope) {
		return notAllowed("Your role does not allow this: it needs the " + scope + " scope.");
	}

	/** A problem page answered with {@code status}. */
	public static ModelAndView of(HttpStatus status, String title, String detail) {
		ModelAndView page = new ModelAndView(VIEW, status);
		page.addObject("problemStatus", status.value());
		page.addObject("problemTitle", title);
		page.addObject("problemDetail", detail);
		return page;
	}

}
