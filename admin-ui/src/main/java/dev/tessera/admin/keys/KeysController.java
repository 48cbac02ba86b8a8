package dev.tessera.admin.keys;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signing keys page: the timeline of NEXT, ACTIVE and RETIRING keys with their dates,
 * "rotate now", and a revocation that the person confirms by typing the key id (a revoked
 * ACTIVE key makes every token it signed fail at once, so a click is not enough). The
 * admin API decides who may rotate or revoke ({@code admin:keys}); the page only hides
 * the controls from others.
 */
@Controller
public class KeysController {

	private static final ParameterizedTypeReference<List<SigningKey>> KEYS = new ParameterizedTypeReference<>() {
	};

	private final AdminApi api;

	private final Clock clock;

	public KeysController(AdminApi api) {
		this.api = api;
		this.clock = Clock.systemUTC();
	}

	@GetMapping("/keys")
	String keys(Model model) {
		model.addAttribute("timeline", KeyTimeline.of(this.api.get("/keys", KEYS)));
		model.addAttribute("now", this.clock.instant());
		return "keys/keys";
	}

	@PostMapping("/keys/rotate")
	String rotate(RedirectAttributes redirect) {
		SigningKey signing = this.api.post("/keys/rotate", null, SigningKey.class);
		redirect.addFlashAttribute("notice", "Rotated: key " + signing.kid() + " signs now.");
		return "redirect:/keys";
	}

	@GetMapping("/keys/{kid}/revoke")
	String confirmRevoke(@PathVariable String kid, Model model) {
		model.addAttribute("key", find(kid));
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("errors", Map.of());
		return "keys/revoke";
	}

	@PostMapping("/keys/{kid}/revoke")
	String revoke(@PathVariable String kid, @RequestParam(defaultValue = "") String confirmation, Model model,
			RedirectAttributes redirect) {
		if (!kid.equals(confirmation.strip())) {
			model.addAttribute("key", find(kid));
			model.addAttribute("now", this.clock.instant());
			model.addAttribute("errors", Map.of("confirmation",
					"This is not the key id. Type " + kid + " exactly to revoke it; nothing was revoked."));
			return "keys/revoke";
		}
		this.api.post("/keys/" + kid + "/revoke", null, SigningKey.class);
		redirect.addFlashAttribute("notice", "Revoked key " + kid + ": it is no longer in the JWKS.");
		return "redirect:/keys";
	}

	private SigningKey find(String kid) {
		return this.api.get("/keys", KEYS)
			.stream()
			.filter(key -> key.kid().equals(kid))
			.findFirst()
			.orElseThrow(() -> new dev.tessera.admin.api.AdminApiException(404, "Not found",
					"No signing key '" + kid + "'", Map.of()));
	}

}
