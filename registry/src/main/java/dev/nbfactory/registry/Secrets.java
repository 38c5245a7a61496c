package dev.nbfactory.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets before anything is stored or logged: parameters and database URLs. */
public final class Secrets {
  /** What a secret value reads as wherever it would have been shown or stored. */
  public static final String MASK = "********";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|credential|private[_-]?key|access[_-]?key|ssl[_-]?key).*");
  private static final Pattern URL_QUERY = Pattern.compile("([?&;])([^=&;?\\s]+)=([^&;\\s]*)");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@?#]*:)[^@/?#]*@");

  private Secrets() {}

  /**
   * True for names such as {@code db_password}, {@code pwd}, {@code apiKey}, {@code GITHUB_TOKEN},
   * {@code sslkey}. {@link SecretMarks} can say otherwise for one notebook's parameters.
   */
  public static boolean looksSecret(String name) {
    return name != null && SECRET_NAME.matcher(name).matches();
  }

  /** The parameters as they may be stored: the values of secret ones replaced by {@link #MASK}. */
  public static Map<String, Parameter> mask(Map<String, ?> values, SecretMarks marks) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          boolean secret = marks.isSecret(name);
          String text = value == null ? null : String.valueOf(value);
          out.put(name, new Parameter(name, secret ? MASK : text, secret));
        });
    return out;
  }

  /**
   * A JDBC or other URL fit to show: the password in its user info, and every query parameter named
   * like a secret ({@code password}, {@code sslpassword}, {@code sslkey}, {@code token} ...),
   * masked.
   */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    String out =
        URL_QUERY
            .matcher(url)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        looksSecret(m.group(2))
                            ? m.group(1) + m.group(2) + "=" + MASK
                            : m.group()));
    return URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
  }
}
