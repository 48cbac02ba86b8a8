package dev.tessera.admin.clients;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page for a form the person's role cannot use, when they open it directly (the links
 * to it are not shown to them; the admin API would refuse the change anyway).
 */
public final class NotAllowed {

	private NotAllowed() {
	}

	/** A 403 page naming the scope the page needs. */
	public static ModelAndView page(String scope) {
		ModelAndView page = new ModelAndView("problem", HttpStatus.FORBIDDEN);
		page.addObject("status", 403);
		page.addObject("title", "Not allowed");
		page.addObject("detail", "Your role does not allow this: it needs the " + scope + " scope.");
		return page;
	}

}
