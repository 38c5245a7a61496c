package dev.nbfactory.web;

import dev.nbfactory.registry.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What both servers ask of the address they bind: whether only this machine can reach it. */
public final class Hosts {
  private Hosts() {}

  /** Whether {@code host} is a loopback address of this machine. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new InvalidInputException("--host " + host + " is not an address this machine has");
    }
  }
}
