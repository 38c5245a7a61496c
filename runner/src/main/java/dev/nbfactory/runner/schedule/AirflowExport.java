package dev.nbfactory.runner.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.runner.execute.RunContract;
import dev.nbfactory.runner.params.ParameterValues;
import java.time.LocalDate;

/**
 * A schedule as an Airflow DAG file: its cron and time zone, catchup from the misfire policy,
 * max_active_runs from the concurrency policy, retries with exponential back-off, the timeout, and
 * a BashOperator that runs {@code factory run} on the promoted notebook. No value a user gave is
 * ever part of a Jinja template: it travels in the operator's params and the environment.
 */
public final class AirflowExport {
  /**
   * Python string literals: JSON strings with everything outside ASCII escaped are valid Python.
   */
  private static final ObjectWriter PY =
      new ObjectMapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private AirflowExport() {}

  /**
   * @param notebook the pinned notebook, whose parameters cell says which parameters are secret:
   *     each secret's {@code env:NAME} reference is filled from the Airflow Variable NAME
   * @param store where the runs' artifacts go: the DAG sets {@code FACTORY_OBJECTS} and its
   *     docstring names every variable the worker needs
   */
  public static String dag(Schedule s, byte[] notebook, ExportedStore store) {
    if (s.pipeline() || s.metric() != null) {
      throw new InvalidInputException(
          "schedule '"
              + s.name()
              + (s.pipeline() ? "' runs a pipeline" : "' has a metric trigger")
              + ", which only 'factory scheduler' runs; an Airflow DAG is exported for one notebook"
              + " on a cron");
    }
    if (s.cron() == null) {
      throw new InvalidInputException(
          "schedule '"
              + s.name()
              + "' fires on new artifact versions or files only; export needs a cron (Airflow datasets"
              + " are not exported)");
    }
    String cron = UnixCron.of(s.cron(), "Airflow");
    java.util.Set<String> secrets = ExportedSecrets.variables(s, notebook);
    // Typed as 'factory run -p' types them, then JSON, which 'factory run -y' reads back the same;
    // ASCII only, since YAML reads a raw U+2028 as a line break.
    ParameterValues typed = new ParameterValues();
    s.parameters().forEach(typed::text);
    String parameters;
    try {
      parameters = PY.writeValueAsString(typed.values());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    LocalDate start = s.promotedAt().atZone(java.time.ZoneId.of(s.timeZone())).toLocalDate();
    boolean catchup = s.misfire() == dev.nbfactory.registry.MisfirePolicy.ALL;
    int maxActive = s.concurrency() == dev.nbfactory.registry.ConcurrencyPolicy.ALLOW ? 16 : 1;
    StringBuilder py = new StringBuilder();
    py.append("\"\"\"Notebook Factory schedule ")
        .append(lit(s.name()).replace("\"", "'"))
        .append(", exported by 'factory export airflow'.\n\n")
        .append("Promoted by ")
        .append(ascii(s.promotedBy()))
        .append(" at ")
        .append(s.promotedAt())
        .append("; pinned notebook object ")
        .append(s.notebookObject())
        .append(".\nmisfire ")
        .append(s.misfire().name().toLowerCase(java.util.Locale.ROOT))
        .append(" -> catchup=")
        .append(catchup ? "True" : "False (Airflow still runs the newest missed interval)")
        .append("; concurrency ")
        .append(s.concurrency().name().toLowerCase(java.util.Locale.ROOT))
        .append(" -> max_active_runs=")
        .append(maxActive)
        .append(
            s.concurrency() == dev.nbfactory.registry.ConcurrencyPolicy.REPLACE
                ? " (Airflow cannot replace a running run)"
                : "")
        .append(".\n\n")
        .append(workerNeeds(store))
        .append("\"\"\"\n");
    py.append("import os\nimport shlex\nimport subprocess\nfrom datetime import timedelta\n\n");
    py.append(
        "import pendulum\nfrom airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\n");
    // Read by 'factory run' from its environment, never by Jinja: see the operator below.
    py.append("NOTEBOOK = ").append(lit(s.notebookPath())).append("\n");
    py.append("PARAMETERS = ").append(lit(parameters)).append("\n");
    py.append("CONTRACT = ")
        .append(lit(RunContract.claimingTemplate(s.name(), "{{ data_interval_end.isoformat() }}")))
        .append("\n");
    py.append("OBJECTS = ").append(lit(store.objects())).append("\n");
    py.append("ON_FAILURE = ")
        .append(s.onFailure() == null ? "None" : lit(s.onFailure()))
        .append("\n\n\n");
    py.append("def on_failure(context):\n");
    py.append(
        "    \"\"\"Runs the schedule's failure command with the run's summary in its environment.\"\"\"\n");
    py.append("    if ON_FAILURE is None:\n        return\n");
    py.append("    ti = context[\"task_instance\"]\n");
    py.append("    env = dict(os.environ)\n");
    py.append("    env.update({\n");
    py.append("        \"FACTORY_SCHEDULE\": ").append(lit(s.name())).append(",\n");
    py.append("        \"FACTORY_RUN_ID\": str(context[\"run_id\"]),\n");
    py.append("        \"FACTORY_RUN_STATUS\": \"FAILED\",\n");
    py.append("        \"FACTORY_RUN_ERROR\": str(context.get(\"exception\") or \"\")[:4000],\n");
    py.append("        \"FACTORY_ATTEMPTS\": str(ti.try_number),\n");
    py.append("    })\n");
    py.append(
        "    subprocess.run([\"/bin/sh\", \"-c\", ON_FAILURE], env=env, timeout=60, check=False)\n\n\n");
    py.append("with DAG(\n");
    py.append("    dag_id=").append(lit(s.name())).append(",\n");
    py.append("    schedule=").append(lit(cron)).append(",\n");
    py.append("    start_date=pendulum.datetime(")
        .append(start.getYear())
        .append(", ")
        .append(start.getMonthValue())
        .append(", ")
        .append(start.getDayOfMonth())
        .append(", tz=")
        .append(lit(s.timeZone()))
        .append("),\n");
    py.append("    catchup=").append(catchup ? "True" : "False").append(",\n");
    py.append("    max_active_runs=").append(maxActive).append(",\n");
    py.append("    default_args={\n");
    py.append("        \"retries\": ").append(s.retries()).append(",\n");
    py.append("        \"retry_delay\": timedelta(seconds=")
        .append(s.retryDelay().toSeconds())
        .append("),\n");
    py.append("        \"retry_exponential_backoff\": True,\n");
    if (s.timeout() != null) {
      py.append("        \"execution_timeout\": timedelta(seconds=")
          .append(s.timeout().toSeconds())
          .append("),\n");
    }
    py.append("        \"on_failure_callback\": on_failure,\n");
    py.append("    },\n");
    py.append("    tags=[\"notebook-factory\"],\n");
    py.append(") as dag:\n");
    py.append("    BashOperator(\n");
    py.append("        task_id=\"factory_run\",\n");
    py.append(
        "        # Jinja renders bash_command and env. The notebook and the parameters reach them\n"
            + "        # only through params, whose values Jinja inserts as text, never as templates,\n"
            + "        # and the shell sees them only as quoted variables.\n");
    py.append("        bash_command=(\n");
    py.append("            'factory run \"$FACTORY_DAG_NOTEBOOK\" \"output/")
        .append(s.name())
        .append("-{{ ts_nodash }}.ipynb\"'\n");
    py.append("            ' --no-progress -y \"$FACTORY_DAG_PARAMETERS\"'\n");
    py.append("        ),\n");
    py.append(
        "        params={\"notebook\": NOTEBOOK, \"parameters\": PARAMETERS, \"objects\": OBJECTS},\n");
    py.append("        env={\n");
    py.append("            \"FACTORY_RUN_CONTRACT\": CONTRACT,\n");
    py.append("            \"FACTORY_DAG_NOTEBOOK\": \"{{ params.notebook }}\",\n");
    py.append("            \"FACTORY_DAG_PARAMETERS\": \"{{ params.parameters }}\",\n");
    py.append("            \"FACTORY_OBJECTS\": \"{{ params.objects }}\",\n");
    for (String variable : secrets) {
      // A secret comes from the Airflow Variable its reference names, masked in Airflow's logs
      // when the name is a sensitive one (containing token, secret, password, api_key ...).
      py.append("            ")
          .append(lit(variable))
          .append(": \"{{ var.value.")
          .append(variable)
          .append(" }}\",\n");
    }
    py.append("        },\n");
    py.append("        append_env=True,\n");
    py.append("    )\n");
    return py.toString();
  }

  /** What the worker's environment must hold, for the docstring: the task sets the rest. */
  static String workerNeeds(ExportedStore store) {
    StringBuilder needs =
        new StringBuilder(
            "The worker needs: the 'factory' launcher on its PATH (or the notebook-factory image),\n"
                + "FACTORY_REGISTRY, the PostgreSQL registry's JDBC URL with its password (from a\n"
                + "secrets backend or the worker's environment, never this file), and ");
    if (store.kind() == ExportedStore.Kind.URL) {
      needs.append(
          "S3 access for\nFACTORY_OBJECTS (set by the task to "
              + ascii(store.objects())
              + "): AWS_ACCESS_KEY_ID and\nAWS_SECRET_ACCESS_KEY, or a role; AWS_REGION; and"
              + " AWS_ENDPOINT_URL for MinIO or Ceph.\n");
    } else {
      needs.append(
          "the artifact folder\n"
              + ascii(store.objects())
              + " (FACTORY_OBJECTS, set by the task) mounted at that path.\n");
    }
    return needs.toString();
  }

  private static String lit(String s) {
    try {
      return PY.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ascii(String s) {
    String quoted = lit(s);
    return quoted.substring(1, quoted.length() - 1).replace("\"\"\"", "'''");
  }
}
