package dev.nbfactory.kernel.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * Free loopback ports for a kernel that picks its own. A port is free only when picked: another
 * process may take it before the kernel binds it, so a starter tries again, {@link #ATTEMPTS} times
 * at most, when {@link #takenMeanwhile} says that is what happened.
 */
public final class LoopbackPorts {
  /** How many times a kernel picks ports and binds them before it gives up. */
  public static final int ATTEMPTS = 3;

  private LoopbackPorts() {}

  /**
   * {@code n} distinct free ports: the sockets are held open together, since a port closed and
   * asked for again may come back.
   */
  public static int[] pick(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Whether binding failed because a picked port was taken after it was picked. */
  public static boolean takenMeanwhile(ZMQException e) {
    return e.getErrorCode() == ZError.EADDRINUSE;
  }
}
