package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.schedule.ParameterRules;
import dev.nbfactory.magics.schedule.PromoteOptions;
import dev.nbfactory.magics.schedule.Promotion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code %promote [NOTEBOOK] --cron EXPR ...}: pins the current notebook (as saved on disk) as a
 * schedule, with the options of {@code factory promote}. Promotion is an explicit act: the magic
 * records who ran it, and running or trusting a notebook never promotes it.
 */
public final class PromoteMagic implements FactoryMagic {
  private final Supplier<Registry> registry;
  private final Supplier<Optional<Path>> notebook;
  private final ParameterRules rules;
  private final Supplier<String> user;

  /**
   * A magic that promotes into {@code registry}.
   *
   * @param notebook the path of the kernel's notebook, when it is known
   */
  public PromoteMagic(Supplier<Registry> registry, Supplier<Optional<Path>> notebook) {
    this(
        registry,
        notebook,
        ParameterRules.discover(),
        () -> System.getProperty("user.name", "unknown"));
  }

  /** As above, with the parameter rules and the user to record given explicitly. */
  public PromoteMagic(
      Supplier<Registry> registry,
      Supplier<Optional<Path>> notebook,
      ParameterRules rules,
      Supplier<String> user) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.notebook = Objects.requireNonNull(notebook, "notebook");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.user = Objects.requireNonNull(user, "user");
  }

  @Override
  public String name() {
    return "promote";
  }

  @Override
  public String usage() {
    return "%promote " + PromoteOptions.USAGE;
  }

  @Override
  public String help() {
    return "Pin this notebook, as saved, as a schedule: run it on a cron, on each new version of"
        + " an artifact, or when a served model's live figure crosses a threshold (--on-metric),"
        + " headless, with parameters and policies.";
  }

  @Override
  public MimeBundle run(List<String> args, String body) {
    PromoteOptions options = PromoteOptions.parse(args);
    if (options.help()) {
      return MimeBundle.text(usage() + "\n  " + String.join("\n  ", PromoteOptions.optionHelp(96)));
    }
    Path path =
        options.notebook() != null
            ? Path.of(options.notebook())
            : notebook
                .get()
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "this kernel does not know its notebook's path: give it, as in"
                                + " %promote train.ipynb --cron \"0 6 * * *\""));
    Promotion.Result result =
        new Promotion(registry.get(), rules).promote(path.toAbsolutePath(), options, user.get());
    String text =
        result.describe()
            + "\nThe notebook as saved on disk was pinned: save it first if it has unsaved edits.";
    return MimeBundle.text(text);
  }
}
