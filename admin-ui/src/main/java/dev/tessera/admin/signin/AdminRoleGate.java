package dev.tessera.admin.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.admin.web.Person;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;

/**
 * Lets in only people whose token carries at least one admin scope: the authorization
 * server grants a person only the admin scopes their role allows, so a {@code USER} signs
 * in at Tessera but receives none, and is turned away here with their console session
 * ended at once (their token is dropped with it).
 */
public class AdminRoleGate implements AuthenticationSuccessHandler {

	private final AuthenticationSuccessHandler admitted = new SavedRequestAwareAuthenticationSuccessHandler();

	private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		if (Person.of(authentication).isAdministrator()) {
			this.admitted.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		this.signOut.logout(request, response, authentication);
		response.sendRedirect(request.getContextPath() + SignInController.PATH + "?refused");
	}

}
