package dev.nbfactory.magics.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A Tribuo model in Tribuo's own format: the protobuf {@link Model#serialize()} writes (what {@link
 * Model#deserializeFromStream} reads), or Java serialization for a model class that has no protobuf
 * form. The model's provenance goes beside it as JSON, in OLCUT's marshalled form, so it can be
 * read without loading the model and unmarshals to a provenance equal to the model's.
 */
public final class ModelCodec {
  /** Tribuo's protobuf {@code ModelProto}. */
  public static final String PROTOBUF = "application/x-tribuo-model+protobuf";

  /** A Java-serialized {@code org.tribuo.Model}, for model classes without a protobuf form. */
  public static final String JAVA_SERIALIZED = "application/x-java-serialized-object";

  private ModelCodec() {}

  /** Encodes the model, in protobuf where its class supports it; returns the media type written. */
  public static String write(Model<?> model, OutputStream out) throws IOException {
    ModelProto proto;
    try {
      proto = model.serialize();
    } catch (UnsupportedOperationException e) {
      ObjectOutputStream objects = new ObjectOutputStream(out);
      objects.writeObject(model);
      objects.flush();
      return JAVA_SERIALIZED;
    }
    proto.writeTo(out);
    return PROTOBUF;
  }

  /** A model version of {@code registry}, loaded (verified); nothing is recorded as an input. */
  public static Model<?> read(Registry registry, ArtifactVersion version) {
    try (InputStream in = registry.store().open(version.contentHash())) {
      return read(in, version.mediaType());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + version.ref(), e);
    }
  }

  /** Decodes a model written by {@link #write}. */
  public static Model<?> read(InputStream in, String mediaType) throws IOException {
    if (PROTOBUF.equals(mediaType)) {
      Model<?> model = Model.deserialize(ModelProto.parseFrom(in));
      in.transferTo(OutputStream.nullOutputStream());
      return model;
    }
    if (JAVA_SERIALIZED.equals(mediaType)) {
      ObjectInputStream objects = new ObjectInputStream(in);
      objects.setObjectInputFilter(
          info ->
              info.serialClass() != null && info.serialClass().getName().startsWith("java.rmi.")
                  ? java.io.ObjectInputFilter.Status.REJECTED
                  : java.io.ObjectInputFilter.Status.UNDECIDED);
      try {
        Object object = objects.readObject();
        in.transferTo(OutputStream.nullOutputStream());
        if (object instanceof Model<?> model) {
          return model;
        }
        throw new FactoryException(
            "the stored object is a " + object.getClass().getName() + ", not a Tribuo model");
      } catch (ClassNotFoundException e) {
        throw new FactoryException(
            "the model needs class "
                + e.getMessage()
                + ", which is not on the classpath: add its Tribuo module with %maven",
            e);
      }
    }
    throw new FactoryException(
        "a model stored as '" + mediaType + "' is not one Notebook Factory can load");
  }

  /** The provenance as JSON text: OLCUT's marshalled provenance list. */
  public static String provenanceJson(Model<?> model) {
    return new JsonProvenanceSerialization(false).marshalAndSerialize(model.getProvenance());
  }

  /** The provenance JSON of {@link #provenanceJson}, unmarshalled. */
  public static ModelProvenance provenance(String json) {
    try {
      return (ModelProvenance) new JsonProvenanceSerialization(false).deserializeAndUnmarshal(json);
    } catch (ProvenanceSerializationException e) {
      throw new FactoryException("could not read a model's provenance: " + e.getMessage(), e);
    }
  }

  /**
   * The metadata recorded on a model artifact: format, model class and name, output type, and the
   * provenance (as JSON, under {@code provenance}).
   */
  public static String metadata(Model<?> model, String mediaType) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("format", PROTOBUF.equals(mediaType) ? "tribuo-protobuf" : "java-serialization");
    node.put("modelClass", model.getClass().getName());
    node.put("modelName", model.getName());
    node.put("outputType", outputType(model));
    node.set("provenance", Json.parse(provenanceJson(model)));
    return Json.write(node);
  }

  /** The provenance kept in a model artifact's metadata, unmarshalled. */
  public static ModelProvenance provenanceFromMetadata(String metadata) {
    JsonNode provenance = Json.parse(metadata).get("provenance");
    if (provenance == null) {
      throw new FactoryException("the artifact's metadata holds no model provenance");
    }
    return provenance(Json.write(provenance));
  }

  private static String outputType(Model<?> model) {
    var domain = model.getOutputIDInfo().getDomain();
    return domain.isEmpty() ? "unknown" : domain.iterator().next().getClass().getSimpleName();
  }
}
