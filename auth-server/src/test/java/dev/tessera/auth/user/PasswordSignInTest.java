package dev.tessera.auth.user;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Password sign-in costs the same for a disabled account as for a wrong password: the
 * hash is checked first, the account's status after, so a refusal's timing does not tell
 * whether the account exists and is disabled.
 */
class PasswordSignInTest {

	final AtomicInteger hashChecks = new AtomicInteger();

	final PasswordEncoder passwords = new PasswordEncoder() {
		@Override
		public String encode(CharSequence raw) {
			return "hash:" + raw;
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			PasswordSignInTest.this.hashChecks.incrementAndGet();
			return encoded.equals("hash:" + raw);
		}
	};

	final AuthenticationEventPublisher noEvents = new AuthenticationEventPublisher() {
		@Override
		public void publishAuthenticationSuccess(Authentication authentication) {
		}

		@Override
		public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
		}
	};

	AuthenticationManager signIns(boolean enabled) {
		return SignInSecurityConfiguration.signIns(
				username -> User.withUsername(username).password("hash:right").disabled(!enabled).roles("USER").build(),
				this.passwords, this.noEvents);
	}

	@Test
	void aDisabledAccountIsRefusedOnlyAfterItsPasswordIsChecked() {
		assertThatExceptionOfType(DisabledException.class).isThrownBy(
				() -> signIns(false).authenticate(UsernamePasswordAuthenticationToken.unauthenticated("ada", "right")));
		assertThat(this.hashChecks).hasValue(1);
	}

	@Test
	void aDisabledAccountWithAWrongPasswordIsJustAWrongPassword() {
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
				() -> signIns(false).authenticate(UsernamePasswordAuthenticationToken.unauthenticated("ada", "wrong")));
		assertThat(this.hashChecks).hasValue(1);
	}

	@Test
	void anEnabledAccountSignsIn() {
		Authentication signedIn = signIns(true)
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("ada", "right"));
		assertThat(signedIn.isAuthenticated()).isTrue();
		assertThat(signedIn.getName()).isEqualTo("ada");
	}

}
