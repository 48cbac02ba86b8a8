package dev.tessera.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.admin.api.AdminApiException;

import org.springframework.ui.Model;

/**
 * The one way a form shows the admin API's refusal of its input: the problem's field
 * errors go under their field names in the model's {@code errors} map (the templates show
 * each next to its field), and a problem that names no field under {@link #FORM}. Only
 * input problems (400, 409) are shown on the form; anything else is rethrown for
 * {@link ConsoleErrors} to answer.
 */
public final class FormProblems {

	/** The key of a problem that names no field. */
	public static final String FORM = "form";

	private FormProblems() {
	}

	/**
	 * The problem as field errors (a problem naming no field under {@link #FORM});
	 * rethrows {@code ex} when it is not about the input.
	 */
	public static Map<String, String> of(AdminApiException ex) {
		if (!ex.isInputProblem()) {
			throw ex;
		}
		Map<String, String> errors = new LinkedHashMap<>(ex.fieldErrors());
		if (errors.isEmpty()) {
			errors.put(FORM, (ex.detail() != null) ? ex.detail() : ex.title());
		}
		return errors;
	}

	/**
	 * Puts the problem's errors in the model as {@code errors} and answers with its
	 * status (400 or 409); rethrows {@code ex} when it is not about the input.
	 */
	public static Map<String, String> show(AdminApiException ex, Model model, HttpServletResponse response) {
		Map<String, String> errors = of(ex);
		response.setStatus(ex.status());
		model.addAttribute("errors", errors);
		return errors;
	}

}
