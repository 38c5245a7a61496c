package dev.nbfactory.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Masks secrets before anything is stored or logged: parameters and database URLs. */
public final class Secrets {
  /** What a secret value reads as wherever it would have been shown or stored. */
  public static final String MASK = "********";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|passphrase|secret|token|api[_-]?key|apikey|credential|private[_-]?key|access[_-]?key).*");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)([?&;](?:password|passwd|pwd)=)[^&;\\s]*");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@?#]*:)[^@/?#]*@");

  private Secrets() {}

  /** True for names such as {@code db_password}, {@code apiKey}, {@code GITHUB_TOKEN}. */
  public static boolean looksSecret(String name) {
    return name != null && SECRET_NAME.matcher(name).matches();
  }

  /**
   * The parameters as they may be stored: values of names in {@code markedSecret}, or named like a
   * secret, replaced by {@link #MASK}.
   */
  public static Map<String, Parameter> mask(
      Map<String, ?> values, Collection<String> markedSecret) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          boolean secret = markedSecret.contains(name) || looksSecret(name);
          String text = value == null ? null : String.valueOf(value);
          out.put(name, new Parameter(name, secret ? MASK : text, secret));
        });
    return out;
  }

  /** A JDBC or other URL with any password, in user info or query parameters, masked. */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    String out = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
    out = URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
    return out;
  }
}
