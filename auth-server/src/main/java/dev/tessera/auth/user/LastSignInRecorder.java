package dev.tessera.auth.user;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Sets {@code last_sign_in_at} when a person signs in with their password: one UPDATE.
 * Only a username-and-password authentication of a person counts; a client's token
 * request or an admin API call (bearer token) also ends in an
 * {@link AuthenticationSuccessEvent} but is left alone, so those paths gain no write.
 * Failing to record it does not fail the sign-in.
 */
public class LastSignInRecorder {

	private static final Logger log = LoggerFactory.getLogger(LastSignInRecorder.class);

	private final AppUserRepository users;

	private final Clock clock;

	public LastSignInRecorder(AppUserRepository users, Clock clock) {
		this.users = users;
		this.clock = clock;
	}

	@EventListener
	public void signedIn(AuthenticationSuccessEvent event) {
		if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken authentication)
				|| !(authentication.getPrincipal() instanceof UserDetails person)) {
			return;
		}
		try {
			this.users.recordSignIn(person.getUsername(), this.clock.instant());
		}
		catch (DataAccessException ex) {
			log.warn("The sign-in time of a user could not be recorded: {}", ex.getMessage());
		}
	}

}
