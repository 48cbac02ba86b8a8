package dev.tessera.admin.home;

import dev.tessera.admin.status.AuthorizationServerStatus;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's public home page: which authorization server this console is attached to
 * and whether it answers, plus what the console cannot do yet.
 */
@Controller
public class HomeController {

	private final AuthorizationServerStatus authorizationServerStatus;

	public HomeController(AuthorizationServerStatus authorizationServerStatus) {
		this.authorizationServerStatus = authorizationServerStatus;
	}

	@GetMapping("/")
	String home(Model model) {
		model.addAttribute("authorizationServer", this.authorizationServerStatus.check());
		return "home";
	}

}
