package dev.tessera.admin.audit;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person whose token lacks {@code audit:read} gets the console's "not allowed" page for
 * the audit trail, without the admin API being asked (here there is none).
 */
class AuditControllerTest {

	@Test
	void withoutAuditReadTheTrailIsNotAllowed() {
		AuditController controller = new AuditController(null, Clock.systemUTC());
		ModelAndView page = controller.audit(new AuditFilterForm(null, null, null, null, null, null, null), null,
				new TestingAuthenticationToken("nobody", null, "SCOPE_admin:read"));
		assertThat(page.getViewName()).isEqualTo("problem");
		assertThat(page.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(page.getModel()).containsEntry("problemTitle", "Not allowed");
		assertThat(String.valueOf(page.getModel().get("problemDetail"))).contains("audit:read");
	}

}
