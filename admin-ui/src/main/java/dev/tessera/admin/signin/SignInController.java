package dev.tessera.admin.signin;

import dev.tessera.admin.status.AuthorizationServerStatus;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's only public page: which authorization server it signs people in through,
 * whether that server answers, a "Sign in with Tessera" button, and why a previous
 * attempt ended (refused for lack of an admin role, session expired, sign-in failed).
 * When the console has no client credentials yet, it says what to set instead of offering
 * a button that could only fail.
 */
@Controller
public class SignInController {

	/** The sign-in page. */
	public static final String PATH = "/signin";

	private final AuthorizationServerStatus authorizationServerStatus;

	private final ConsoleClientRegistrations registrations;

	private final ConsoleCredentials credentials;

	public SignInController(AuthorizationServerStatus authorizationServerStatus,
			ConsoleClientRegistrations registrations, ConsoleCredentials credentials) {
		this.authorizationServerStatus = authorizationServerStatus;
		this.registrations = registrations;
		this.credentials = credentials;
	}

	@GetMapping(PATH)
	String signIn(@RequestParam(required = false) String refused, @RequestParam(required = false) String expired,
			@RequestParam(required = false) String failed, Model model) {
		model.addAttribute("authorizationServer", this.authorizationServerStatus.check());
		boolean configured = this.registrations.isConfigured();
		model.addAttribute("configured", configured);
		if (!configured) {
			model.addAttribute("howToConfigure", this.credentials.howToConfigure());
		}
		model.addAttribute("signInUrl", "/oauth2/authorization/" + ConsoleClientRegistrations.REGISTRATION_ID);
		if (refused != null) {
			model.addAttribute("message",
					"Your account has no administrator role (ADMIN or AUDITOR), so the console cannot be used with it.");
		}
		else if (expired != null) {
			model.addAttribute("message", "Your session ended. Sign in again to continue.");
		}
		else if (failed != null) {
			model.addAttribute("message", failure(failed));
		}
		return "signin";
	}

	static String failure(String code) {
		return switch (code) {
			case "access_denied" -> "Tessera refused the sign-in: the account may be disabled, or consent was denied.";
			case "invalid_scope" -> "Tessera refused the scopes the console asks for. Check the console's client "
					+ "registration (it needs openid, profile and the admin scopes).";
			case "invalid_client", "unauthorized_client" ->
				"Tessera did not accept the console's client credentials. Check TESSERA_ADMIN_UI_CLIENT_ID and its secret.";
			default -> "Sign-in did not complete. Try again.";
		};
	}

}
