package dev.tessera.admin.keys;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ProblemPage;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signing keys page: the timeline of NEXT, ACTIVE and RETIRING keys with their dates,
 * "rotate now", and a revocation that the person confirms by typing the key id (a revoked
 * ACTIVE key makes every token it signed fail at once, so a click is not enough). The
 * admin API decides who may rotate or revoke ({@code admin:keys}); the keys page hides
 * the controls from others, and the revocation page answers them "not allowed".
 */
@Controller
public class KeysController {

	private static final ParameterizedTypeReference<List<SigningKey>> KEYS = new ParameterizedTypeReference<>() {
	};

	/** The scope that rotating and revoking keys needs. */
	static final String WRITE = "admin:keys";

	private final AdminApi api;

	private final Clock clock;

	public KeysController(AdminApi api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	@GetMapping("/keys")
	String keys(Model model) {
		model.addAttribute("timeline", KeyTimeline.of(this.api.get("/keys", KEYS)));
		model.addAttribute("now", this.clock.instant());
		return "keys/keys";
	}

	@PostMapping("/keys/rotate")
	ModelAndView rotate(Authentication authentication, RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		SigningKey signing = this.api.post("/keys/rotate", null, SigningKey.class);
		redirect.addFlashAttribute("notice", "Rotated: key " + signing.kid() + " signs now.");
		return new ModelAndView("redirect:/keys");
	}

	@GetMapping("/keys/{kid}/revoke")
	ModelAndView confirmRevoke(@PathVariable String kid, Authentication authentication) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return revokePage(kid, Map.of());
	}

	@PostMapping("/keys/{kid}/revoke")
	ModelAndView revoke(@PathVariable String kid, @RequestParam(defaultValue = "") String confirmation,
			Authentication authentication, RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		if (!kid.equals(confirmation.strip())) {
			return revokePage(kid, Map.of("confirmation",
					"This is not the key id. Type " + kid + " exactly to revoke it; nothing was revoked."));
		}
		this.api.post("/keys/{kid}/revoke", null, SigningKey.class, kid);
		redirect.addFlashAttribute("notice", "Revoked key " + kid + ": it is no longer in the JWKS.");
		return new ModelAndView("redirect:/keys");
	}

	private ModelAndView revokePage(String kid, Map<String, String> errors) {
		ModelAndView page = new ModelAndView("keys/revoke");
		page.addObject("key", find(kid));
		page.addObject("now", this.clock.instant());
		page.addObject("errors", errors);
		return page;
	}

	private SigningKey find(String kid) {
		return this.api.get("/keys", KEYS)
			.stream()
			.filter(key -> key.kid().equals(kid))
			.findFirst()
			.orElseThrow(() -> new AdminApiException(404, "Not found", "No signing key '" + kid + "'", Map.of()));
	}

}
