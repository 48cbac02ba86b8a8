package dev.tessera.admin.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's layout needs: the signed-in {@link Person} ({@code person}, absent on
 * the public sign-in page).
 */
@ControllerAdvice
public class ConsoleModel {

	@ModelAttribute("person")
	Person person(Authentication authentication) {
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return Person.of(authentication);
	}

}
