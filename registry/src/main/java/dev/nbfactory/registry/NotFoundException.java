package dev.nbfactory.registry;

import java.util.List;

/**
 * A run, artifact, version or alias that does not exist; carries close names when there are any.
 */
public class NotFoundException extends FactoryException {
  private static final long serialVersionUID = 1L;
  private final List<String> suggestions;

  public NotFoundException(String message, List<String> suggestions) {
    super(
        suggestions.isEmpty() ? message : message + "; did you mean " + quoted(suggestions) + "?");
    this.suggestions = List.copyOf(suggestions);
  }

  public NotFoundException(String message) {
    this(message, List.of());
  }

  public List<String> suggestions() {
    return suggestions;
  }

  private static String quoted(List<String> names) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(i == names.size() - 1 ? " or " : ", ");
      }
      out.append('\'').append(names.get(i)).append('\'');
    }
    return out.toString();
  }
}
