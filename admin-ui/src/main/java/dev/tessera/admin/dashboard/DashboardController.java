package dev.tessera.admin.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page after sign-in.
 */
@Controller
public class DashboardController {

	@GetMapping("/")
	String dashboard() {
		return "dashboard/dashboard";
	}

}
