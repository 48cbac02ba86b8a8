package dev.tessera.admin.api;

import java.util.Map;

/**
 * An admin API call the authorization server refused, carrying its RFC 9457 problem: the
 * status, title and detail, and the per-field messages of an invalid input ({@code
 * errors[].field/message}) so that a form can show each next to its field.
 */
public class AdminApiException extends RuntimeException {

	private final int status;

	private final String title;

	private final String detail;

	private final Map<String, String> fieldErrors;

	public AdminApiException(int status, String title, String detail, Map<String, String> fieldErrors) {
		super(status + " " + title + ((detail != null) ? ": " + detail : ""));
		this.status = status;
		this.title = title;
		this.detail = detail;
		this.fieldErrors = Map.copyOf(fieldErrors);
	}

	public int status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** The problem's detail, or the title when it has none. */
	public String detail() {
		return (this.detail != null) ? this.detail : this.title;
	}

	/** Field name to message, empty unless the input was invalid. */
	public Map<String, String> fieldErrors() {
		return this.fieldErrors;
	}

	/** A refusal a form should show next to its fields (400 or 409). */
	public boolean isInputProblem() {
		return this.status == 400 || this.status == 409;
	}

}
