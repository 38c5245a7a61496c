package dev.nbfactory.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nbfactory.kernel.wire.WireCodec;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;

/** The {@code kernel_info_reply}: who this kernel is, its language, and its help links. */
final class KernelInfo {
  private KernelInfo() {}

  static JsonObject reply(String version, LanguageInfo languageInfo, List<HelpLink> helpLinks) {
    JsonObject info = new JsonObject();
    info.addProperty("status", "ok");
    info.addProperty("protocol_version", WireCodec.PROTOCOL_VERSION);
    info.addProperty("implementation", FactoryKernel.NAME);
    info.addProperty("implementation_version", version);
    JsonObject language = new JsonObject();
    language.addProperty("name", languageInfo.getName());
    language.addProperty("version", languageInfo.getVersion());
    language.addProperty("mimetype", languageInfo.getMimetype());
    language.addProperty("file_extension", languageInfo.getFileExtension());
    language.addProperty("pygments_lexer", languageInfo.getPygmentsLexer());
    language.addProperty("codemirror_mode", "text/x-java");
    info.add("language_info", language);
    info.addProperty(
        "banner",
        FactoryKernel.DISPLAY_NAME
            + " "
            + version
            + " :: JShell on Java "
            + Runtime.version()
            + " :: Protocol "
            + WireCodec.PROTOCOL_VERSION);
    info.addProperty("debugger", false);
    JsonArray links = new JsonArray();
    for (HelpLink link : helpLinks) {
      JsonObject l = new JsonObject();
      l.addProperty("text", link.getText());
      l.addProperty("url", link.getUrl());
      links.add(l);
    }
    info.add("help_links", links);
    return info;
  }
}
