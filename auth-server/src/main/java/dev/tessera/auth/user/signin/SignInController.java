package dev.tessera.auth.user.signin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages of Spring Security's form login and logout, rendered by Thymeleaf
 * ({@code templates/login.html}, {@code templates/logout.html}): Spring still processes
 * {@code POST /login} and {@code POST /logout}. A refused sign-in of any kind (unknown
 * user, wrong password, disabled account) shows the same words, so the page tells a
 * guesser nothing about which usernames exist.
 */
@Controller
public class SignInController {

	/** The one message for every refused sign-in. */
	public static final String WRONG_CREDENTIALS = "Wrong username or password.";

	static final String SIGNED_OUT = "You have signed out.";

	static final String EXPIRED = "The sign-in page had expired. Please sign in again.";

	@GetMapping("/login")
	public String signIn(@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "logout", required = false) String logout,
			@RequestParam(name = "expired", required = false) String expired, Model model) {
		String notice = null;
		if (error == null && logout != null) {
			notice = SIGNED_OUT;
		}
		else if (error == null && expired != null) {
			notice = EXPIRED;
		}
		model.addAllAttributes(signInPage((error != null) ? WRONG_CREDENTIALS : null, notice));
		return "login";
	}

	@GetMapping("/logout")
	public String signOut() {
		return "logout";
	}

	/** What {@code login.html} shows: an error, a notice, both or neither. */
	static Map<String, Object> signInPage(String error, String notice) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("error", error);
		model.put("notice", notice);
		return model;
	}

	/** The sign-in page of an attempt refused by the throttle. */
	static Map<String, Object> throttledPage(long retryAfterSeconds) {
		return signInPage("Too many attempts: try again in " + retryAfterSeconds
				+ ((retryAfterSeconds == 1) ? " second." : " seconds."), null);
	}

}
