package dev.tessera.auth.user;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs people in from the {@code app_user} table (form login at {@code /login}). After a
 * successful sign-in whose stored hash is older than {@link PasswordHashing} writes (a
 * {@code {bcrypt}} hash, or Argon2id with weaker parameters), Spring's
 * {@code DaoAuthenticationProvider} hands the password back through
 * {@link #updatePassword} and the new hash replaces the old one.
 */
@Service
public class AppUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

	private final AppUserRepository users;

	public AppUserDetailsService(AppUserRepository users) {
		this.users = users;
	}

	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String username) {
		AppUser user = this.users.findById(username).orElseThrow(() -> new UsernameNotFoundException("No such user"));
		return User.withUsername(user.getUsername())
			.password(user.getPasswordHash())
			.disabled(!user.isEnabled())
			.roles(user.getRoles().toArray(String[]::new))
			.build();
	}

	/**
	 * Stores the upgraded hash, unless the password was changed since this sign-in read
	 * it (then the newer password stays).
	 */
	@Override
	public UserDetails updatePassword(UserDetails user, String newPassword) {
		this.users.replaceHash(user.getUsername(), user.getPassword(), newPassword);
		return User.withUserDetails(user).password(newPassword).build();
	}

}
