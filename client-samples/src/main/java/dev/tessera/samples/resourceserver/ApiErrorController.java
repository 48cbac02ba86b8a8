package dev.tessera.samples.resourceserver;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers every error the servlet container forwards to {@code /error} (a path the
 * firewall refuses, a method nothing serves, a request that failed on the server) as an
 * RFC 9457 problem, never Spring Boot's HTML page: an API's callers are programs, and an
 * HTML page says nothing they can read. Errors the API's own handlers raise are problems
 * already ({@code spring.mvc.problemdetails.enabled}); this covers the rest. Its mere
 * presence makes Spring Boot leave out its own {@code BasicErrorController}.
 */
@RestController
class ApiErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null
				&& HttpStatus.resolve(value).isError()) ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatus(status));
	}

}
