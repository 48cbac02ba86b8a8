package dev.tessera.admin.certificates;

import java.time.Clock;

import dev.tessera.admin.api.AdminApi;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The certificates page: every certificate the authorization server knows (its own TLS
 * chain, the client CAs, the clients' registered certificates), the soonest to expire
 * first, with how long each has left. Read only; the admin API asks for
 * {@code admin:read}, and a person without it gets the API's refusal.
 */
@Controller
class CertificatesController {

	private final AdminApi api;

	private final Clock clock;

	CertificatesController(AdminApi api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	@GetMapping("/certificates")
	String certificates(Model model) {
		model.addAttribute("listing", this.api.get("/certificates", Certificate.Listing.class));
		model.addAttribute("now", this.clock.instant());
		return "certificates/list";
	}

}
