package dev.nbfactory.kernel;

import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.WireMessage;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

/** The base library's reply environment for a request, sending through our connection. */
final class CellReplyEnvironment extends ShellReplyEnvironment {
  CellReplyEnvironment(KernelConnection connection, WireMessage request) {
    super(
        connection.shellChannel(),
        connection.stdinChannel(),
        connection.iopubChannel(),
        KernelConnection.contextOf(request));
  }
}
