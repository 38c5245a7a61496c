package dev.nbfactory.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The JSON kept in text columns: classpath lists and table schemas. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() {};

  private Json() {}

  static String write(Object value) {
    if (value == null || (value instanceof List<?> list && list.isEmpty())) {
      return null;
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new RegistryException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  static List<String> strings(String json) {
    return json == null ? List.of() : read(json, STRINGS);
  }

  static List<Column> columns(String json) {
    return json == null ? List.of() : read(json, COLUMNS);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new RegistryException("registry holds malformed JSON: " + e.getOriginalMessage(), e);
    }
  }
}
