package dev.tessera.auth.admin.api;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.problem.Problem;
import dev.tessera.auth.web.DatabaseOutageFilter;
import dev.tessera.auth.web.ErrorResponses;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every admin API error as RFC 9457 problem JSON: field problems (400) list each field
 * and what is wrong with it; unknown resources 404; clashes 409. Spring MVC's own errors
 * (unreadable JSON, wrong method or media type, no such path) come through the base class
 * as problems too. Nothing internal leaks: an unexpected failure is a bare 500 problem,
 * logged here.
 */
@RestControllerAdvice
public class AdminApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(AdminApiExceptionHandler.class);

	private final AdminAuditing auditing;

	private final ErrorResponses errors;

	public AdminApiExceptionHandler(AdminAuditing auditing, ErrorResponses errors) {
		this.auditing = auditing;
		this.errors = errors;
	}

	/**
	 * An {@code Accept} header no answer here satisfies (or that is not a media type at
	 * all): the problem is written as {@code application/problem+json} regardless, where
	 * content negotiation would fail a second time and leave the body empty.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
			try {
				this.errors.writeProblem(servlet.getResponse(), status,
						"The Accept header allows no type this endpoint answers with (application/json)");
				return null;
			}
			catch (java.io.IOException failure) {
				throw new java.io.UncheckedIOException(failure);
			}
		}
		return super.handleHttpMediaTypeNotAcceptable(ex, headers, status, request);
	}

	/**
	 * A rule refused the call: its problem as it stands, audited when it refused a
	 * change.
	 */
	@ExceptionHandler(Problem.class)
	ResponseEntity<ProblemDetail> refused(Problem ex, HttpServletRequest request) {
		audit(request, HttpStatus.valueOf(ex.getStatusCode().value()), ex.getMessage());
		return ResponseEntity.status(ex.getStatusCode()).body(ex.getBody());
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail integrity(DataIntegrityViolationException ex, HttpServletRequest request) {
		audit(request, HttpStatus.CONFLICT, "conflicting concurrent change");
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The change conflicts with stored data (it may have been made concurrently)");
	}

	/** The change was rolled back because its audit event could not be stored. */
	@ExceptionHandler(AuditUnavailableException.class)
	ProblemDetail auditUnavailable(AuditUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The audit store is unavailable; nothing was changed");
		problem.setTitle("Temporarily unavailable");
		return problem;
	}

	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<ProblemDetail> unexpected(RuntimeException ex) {
		if (DatabaseOutageFilter.isOutage(ex)) {
			DatabaseOutageFilter.logOutage("An admin API call", ex);
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The database is unavailable; nothing was changed");
			problem.setTitle("Temporarily unavailable");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, DatabaseOutageFilter.RETRY_AFTER_SECONDS)
				.body(problem);
		}
		log.error("Unexpected admin API failure", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"));
	}

	private void audit(HttpServletRequest request, HttpStatus status, String reason) {
		String operation = AdminAuditing.operationFor(request.getMethod(), request.getRequestURI());
		if (operation != null) {
			this.auditing.refused(request, operation, status.value(), reason);
		}
	}

}
