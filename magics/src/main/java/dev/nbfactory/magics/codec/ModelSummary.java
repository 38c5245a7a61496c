package dev.nbfactory.magics.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * What a model artifact's recorded metadata says about it, in a few lines a person reads: its class
 * and output, when and by which trainer with which settings it was trained, on what data. Read from
 * the metadata alone, so the model itself is not loaded.
 */
public final class ModelSummary {
  private ModelSummary() {}

  /** Label to value, in reading order; empty when the metadata holds no model description. */
  public static Map<String, String> of(String metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    if (metadata == null || metadata.isBlank()) {
      return out;
    }
    JsonNode node = Json.parse(metadata);
    put(out, "model class", node.path("modelClass").asText(null));
    put(out, "name", node.path("modelName").asText(null));
    put(out, "output", node.path("outputType").asText(null));
    put(out, "format", node.path("format").asText(null));
    if (!node.has("provenance")) {
      return out;
    }
    ModelProvenance p = ModelCodec.provenanceFromMetadata(metadata);
    if (p.getTrainingTime() != null) {
      put(out, "trained at", p.getTrainingTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
    TrainerProvenance trainer = p.getTrainerProvenance();
    if (trainer != null) {
      put(out, "trainer", trainer.getClassName());
      for (Pair<String, Provenance> field : trainer) {
        // the trainer's own settings; nested objects (its optimiser ...) stay in the full record
        if (field.getB() instanceof PrimitiveProvenance<?> value
            && !field.getA().equals("class-name")
            && !field.getA().equals("host-short-name")) {
          put(out, "trainer." + field.getA(), String.valueOf(value.getValue()));
        }
      }
    }
    if (p.getDatasetProvenance() != null) {
      put(out, "dataset", p.getDatasetProvenance().getClassName());
      put(out, "training examples", String.valueOf(p.getDatasetProvenance().getNumExamples()));
    }
    put(out, "Tribuo version", p.getTribuoVersion());
    return out;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null && !value.isBlank()) {
      out.put(key, value);
    }
  }
}
