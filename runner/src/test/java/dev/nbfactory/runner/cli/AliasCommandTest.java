package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AliasCommandTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private final String user = System.getProperty("user.name");

  @BeforeEach
  void record() {
    new SampleFactory(temp.get());
  }

  @Test
  void setMovesAnAliasAndRecordsWhoDidIt() {
    Cli.Result first = Cli.in(temp, "alias", "set", "churn-model@1", "production");
    Cli.Result moved = Cli.in(temp, "alias", "set", "churn-model@2", "production");
    Cli.Result same = Cli.in(temp, "alias", "set", "churn-model@2", "production");

    assertThat(first.outLines())
        .containsExactly("churn-model@production now points at churn-model@1");
    assertThat(moved.outLines())
        .containsExactly("churn-model@production now points at churn-model@2 (was churn-model@1)");
    assertThat(same.outLines())
        .containsExactly("churn-model@production already points at churn-model@2");
    assertThat(temp.get().resolve("churn-model@production").version()).isEqualTo(2);
    assertThat(temp.get().aliasHistory("churn-model", "production"))
        .extracting(AliasChange::toVersion, AliasChange::changedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, user),
            org.assertj.core.groups.Tuple.tuple(2, user));
  }

  @Test
  void listShowsWhereAliasesPoint() throws Exception {
    temp.get().setAlias("churn-model@1", "champion", "alice");
    temp.get().setAlias("features@1", "stable", "bob");

    Cli.Result all = Cli.in(temp, "alias", "list");
    Cli.Result one = Cli.in(temp, "alias", "list", "features");
    Cli.Result json = Cli.in(temp, "alias", "list", "--json");

    assertThat(all.outLines()).hasSize(3);
    assertThat(all.outLines().get(0).split("\\s+"))
        .containsExactly("ARTIFACT", "ALIAS", "VERSION", "UPDATED", "BY");
    assertThat(all.outLines().get(1).split("\\s{2,}"))
        .containsExactly("churn-model", "champion", "1", "just now", "alice");
    assertThat(one.outLines()).hasSize(2);
    assertThat(one.out()).contains("stable").doesNotContain("champion");
    JsonNode array = new ObjectMapper().readTree(json.out());
    assertThat(array.findValuesAsText("ref"))
        .containsExactly("churn-model@champion", "features@stable");
  }

  @Test
  void historyShowsEveryMoveOldestFirst() {
    temp.get().setAlias("churn-model@1", "production", "alice");
    temp.get().setAlias("churn-model@2", "production", "bob");
    temp.get().removeAlias("churn-model", "production", "carol");

    Cli.Result result = Cli.in(temp, "alias", "history", "churn-model", "production");

    List<String> lines = result.outLines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).contains("production", "(new) → @1", "alice");
    assertThat(lines.get(2)).contains("@1 → @2", "bob");
    assertThat(lines.get(3)).contains("@2 → (removed)", "carol");
  }

  @Test
  void everyMoveKeepsWhyItHappened() {
    temp.get().setAlias("churn-model@1", "production", "gate", "accuracy 0.91, no champion");
    Cli.Result set =
        Cli.in(temp, "alias", "set", "churn-model@2", "production", "--reason", "hotfix");

    Cli.Result history = Cli.in(temp, "alias", "history", "churn-model");
    Cli.Result json = Cli.in(temp, "alias", "history", "churn-model", "--json");

    assertThat(set.exitCode()).isZero();
    assertThat(history.outLines().get(0)).endsWith("REASON");
    assertThat(history.outLines().get(1)).endsWith("accuracy 0.91, no champion");
    assertThat(history.outLines().get(2)).endsWith("hotfix");
    assertThat(json.out()).contains("\"reason\" : \"hotfix\"");
  }

  @Test
  void removeSaysWhatItPointedAt() {
    temp.get().setAlias("churn-model@1", "production", "alice");

    Cli.Result result = Cli.in(temp, "alias", "remove", "churn-model", "production");
    Cli.Result again = Cli.in(temp, "alias", "remove", "churn-model", "production");

    assertThat(result.outLines())
        .containsExactly("removed churn-model@production (it pointed at @1)");
    assertThat(temp.get().aliases("churn-model")).isEmpty();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errLines())
        .containsExactly("factory: artifact 'churn-model' has no alias 'production'");
  }

  @Test
  void badNamesAreOneLineErrors() {
    Cli.Result latest = Cli.in(temp, "alias", "set", "churn-model@1", "latest");
    Cli.Result invalid = Cli.in(temp, "alias", "set", "churn-model@1", "' OR 1=1--");
    Cli.Result unknown = Cli.in(temp, "alias", "set", "churn-modle@1", "production");

    assertThat(latest.exitCode()).isEqualTo(1);
    assertThat(latest.errLines())
        .singleElement()
        .asString()
        .contains("'latest' always means the newest");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.errLines()).singleElement().asString().startsWith("factory: invalid alias");
    assertThat(unknown.errLines())
        .containsExactly("factory: no artifact named 'churn-modle'; did you mean 'churn-model'?");
    assertThat(temp.get().aliases(null)).isEmpty();
  }
}
