package dev.nbfactory.registry;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which parameters are secret: the names marked secret, and the names that look like one ({@link
 * Secrets#looksSecret}) unless marked not secret. A parameters cell marks them with {@code %%params
 * --secret NAME --not-secret NAME}, so {@code pwd} can be hidden and {@code int maxTokens} set.
 *
 * @param secret names marked secret whatever they look like
 * @param notSecret names marked not secret although they look like one
 */
public record SecretMarks(Set<String> secret, Set<String> notSecret) {
  /** No marks: a name is secret when it looks like one. */
  public static final SecretMarks NONE = new SecretMarks(Set.of(), Set.of());

  public SecretMarks {
    secret = Set.copyOf(secret);
    notSecret = Set.copyOf(notSecret);
    Set<String> both = new LinkedHashSet<>(secret);
    both.retainAll(notSecret);
    if (!both.isEmpty()) {
      throw new InvalidInputException(
          "'"
              + both.iterator().next()
              + "' is marked both secret and not secret: keep one of --secret and --not-secret");
    }
  }

  /** Marks {@code names} secret. */
  public static SecretMarks secret(Collection<String> names) {
    return new SecretMarks(new LinkedHashSet<>(names), Set.of());
  }

  public boolean isSecret(String name) {
    return secret.contains(name) || !notSecret.contains(name) && Secrets.looksSecret(name);
  }

  /** These marks and {@code more}'s; a later mark of a name wins. */
  public SecretMarks plus(SecretMarks more) {
    Set<String> s = new LinkedHashSet<>(secret);
    Set<String> n = new LinkedHashSet<>(notSecret);
    s.removeAll(more.notSecret);
    n.removeAll(more.secret);
    s.addAll(more.secret);
    n.addAll(more.notSecret);
    return new SecretMarks(s, n);
  }
}
