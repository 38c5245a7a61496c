package dev.nbfactory.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The kernel's five sockets and the threads that serve them. Shell and control each have a
 * receiving thread that blocks on its socket (no sleep loop), checks every message's signature and
 * shape, drops bad ones with a log line, and hands good ones to a handler on that same thread.
 * Replies go out on the thread that received the request; IOPub and stdin have their own threads.
 * Nothing a client sends can end a receiving thread.
 */
public final class KernelConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KernelConnection.class);

  /**
   * How long a receiving thread blocks before it looks whether the connection is closing: also what
   * closing waits for, at the end of every headless run.
   */
  private static final int POLL_MILLIS = 50;

  private static final int IOPUB_HIGH_WATER_MARK = 200;
  private static final int IOPUB_SEND_TIMEOUT_MILLIS = 10_000;

  /** The channels that carry requests. */
  public enum Channel {
    SHELL,
    CONTROL
  }

  /** Handles a request on the thread of the channel it came in on. */
  @FunctionalInterface
  public interface Handler {
    void handle(Channel channel, WireMessage request);
  }

  private final KernelConnectionProperties props;
  private final WireCodec codec;
  private final ZMQ.Context context = ZMQ.context(1);
  private final ShellSocket shell;
  private final ShellSocket control;
  private final StdinSocket stdin;
  private final IopubSocket iopub;
  private final ZMQ.Socket heartbeat;
  private final IopubPublisher publisher;
  private final StdinClient stdinClient;
  private final List<Thread> threads = new ArrayList<>();
  private final ThreadGroup threadGroup = new ThreadGroup("kernel-channels");
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;

  public KernelConnection(KernelConnectionProperties props, MessageSigner signer) {
    this.props = props;
    this.codec = new WireCodec(signer, UUID.randomUUID().toString());
    this.shell = new ShellSocket(context, false);
    this.control = new ShellSocket(context, true);
    this.stdin = new StdinSocket(context);
    this.iopub = new IopubSocket(context);
    this.heartbeat = context.socket(SocketType.REP);
    this.publisher = new IopubPublisher(iopub, codec);
    this.stdinClient = new StdinClient(stdin, codec);
  }

  public WireCodec codec() {
    return codec;
  }

  public IopubPublisher iopub() {
    return publisher;
  }

  public StdinClient stdin() {
    return stdinClient;
  }

  /** The shell socket, typed for jjava-jupyter classes that need one. */
  public ShellChannel shellChannel() {
    return shell;
  }

  /** The stdin socket, typed for jjava-jupyter classes that need one. */
  public StdinChannel stdinChannel() {
    return stdin;
  }

  /** The IOPub socket, typed for jjava-jupyter classes; what they send goes through the queue. */
  public IOPubChannel iopubChannel() {
    return iopub;
  }

  /**
   * Binds every socket to the address in the connection file, starts the threads, and publishes
   * {@code status: starting}.
   */
  public void start(Handler handler) {
    for (ZMQ.Socket s : List.<ZMQ.Socket>of(shell, control, stdin, iopub, heartbeat)) {
      s.setLinger(1000);
    }
    for (ZMQ.Socket s : List.<ZMQ.Socket>of(shell, control, stdin, heartbeat)) {
      s.setReceiveTimeOut(POLL_MILLIS);
    }
    // IOPub waits for slow subscribers instead of silently dropping (an idle status lost leaves
    // a client waiting forever), but not for ever; the queue in front of it bounds memory.
    iopub.setSndHWM(IOPUB_HIGH_WATER_MARK);
    iopub.setXpubNoDrop(true);
    iopub.setSendTimeOut(IOPUB_SEND_TIMEOUT_MILLIS);
    bind(shell, props.getShellPort());
    bind(control, props.getControlPort());
    bind(stdin, props.getStdinPort());
    bind(iopub, props.getIopubPort());
    bind(heartbeat, props.getHbPort());
    running = true;
    thread("iopub", publisher::run);
    thread("stdin", stdinClient::run);
    thread("heartbeat", this::heartbeat);
    thread("control", () -> receive(Channel.CONTROL, control, handler));
    thread("shell", () -> receive(Channel.SHELL, shell, handler));
    JsonObject starting = new JsonObject();
    starting.addProperty("execution_state", "starting");
    publisher.publish("status", new JsonObject(), starting);
  }

  /** Sends a reply on {@code channel} to {@code request}; call it on that channel's thread. */
  public void reply(Channel channel, WireMessage request, String type, JsonElement content) {
    sendFrames(
        channel == Channel.SHELL ? shell : control,
        request.identities(),
        codec.header(type),
        request.header(),
        new JsonObject(),
        content,
        List.of());
  }

  /**
   * The requests already waiting on the shell socket, read without waiting; bad ones dropped. Call
   * it on the shell thread.
   */
  public List<WireMessage> pendingShellRequests() {
    List<WireMessage> pending = new ArrayList<>();
    while (true) {
      byte[] first = shell.recv(ZMQ.DONTWAIT);
      if (first == null) {
        return pending;
      }
      List<byte[]> frames = new ArrayList<>();
      frames.add(first);
      while (shell.hasReceiveMore()) {
        frames.add(shell.recv(0));
      }
      try {
        pending.add(codec.decode(frames));
      } catch (BadMessageException e) {
        LOG.warn("dropped a message on {}: {}", Channel.SHELL, e.getMessage());
      }
    }
  }

  /** Asks the receiving threads to stop. Safe to call from a handler. */
  public void shutdown() {
    running = false;
    stopped.countDown();
  }

  /** Waits until {@link #shutdown()} is called. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops the threads, lets IOPub send what is queued, and closes the sockets. A thread that does
   * not end within the grace period (a cell that ignores interrupts) is left to the process exit.
   */
  @Override
  public void close() {
    shutdown();
    wakeReceivers();
    boolean clean = true;
    try {
      for (Thread t : threads) {
        if (t.isDaemon()) {
          continue;
        }
        t.join(3000);
        clean &= !t.isAlive();
      }
      publisher.drain(2, TimeUnit.SECONDS);
      publisher.stop();
      stdinClient.stop();
      for (Thread t : threads) {
        if (t.isDaemon()) {
          t.join(1000);
          clean &= !t.isAlive();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    if (!clean) {
      LOG.warn("a kernel thread did not stop; leaving the sockets to the process exit");
      return;
    }
    for (ZMQ.Socket s : List.<ZMQ.Socket>of(iopub, stdin, shell, control, heartbeat)) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a socket", e);
      }
    }
    context.term();
  }

  /**
   * Sends one message to each socket a receiving thread blocks on, so that it sees at once that the
   * connection is closing instead of after its receive timeout: every headless run ends with a
   * close.
   */
  private void wakeReceivers() {
    if (threads.isEmpty()) {
      return; // never started
    }
    List<ZMQ.Socket> wakers = new ArrayList<>();
    try {
      for (int port : List.of(props.getShellPort(), props.getControlPort(), props.getHbPort())) {
        ZMQ.Socket waker = context.socket(SocketType.DEALER);
        wakers.add(waker);
        waker.setLinger(POLL_MILLIS); // long enough to deliver the message, which close() waits for
        waker.setSendTimeOut(POLL_MILLIS);
        waker.connect(address(port));
        // An empty delimiter first, so that the heartbeat's REP socket takes it too.
        waker.send(new byte[0], ZMQ.SNDMORE);
        waker.send(new byte[0], 0);
      }
    } catch (RuntimeException e) {
      LOG.debug("waking the receiving threads; they stop after their receive timeout", e);
    } finally {
      wakers.forEach(ZMQ.Socket::close);
    }
  }

  private void bind(ZMQ.Socket socket, int port) {
    socket.bind(address(port));
  }

  private String address(int port) {
    String transport = props.getTransport() == null ? "tcp" : props.getTransport();
    return transport.toLowerCase(Locale.ROOT).equals("ipc")
        ? "ipc://" + props.getIp() + "-" + port
        : transport + "://" + props.getIp() + ":" + port;
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(threadGroup, body, "kernel-" + name);
    t.setDaemon(name.equals("iopub") || name.equals("stdin"));
    threads.add(t);
    t.start();
  }

  private void receive(Channel channel, ZMQ.Socket socket, Handler handler) {
    List<byte[]> frames = new ArrayList<>();
    try {
      while (running) {
        byte[] first = socket.recv(0);
        if (first == null || !running) {
          continue; // receive timeout, or woken to close: look at the running flag again
        }
        frames.clear();
        frames.add(first);
        while (socket.hasReceiveMore()) {
          frames.add(socket.recv(0));
        }
        WireMessage request;
        try {
          request = codec.decode(frames);
        } catch (BadMessageException e) {
          LOG.warn("dropped a message on {}: {}", channel, e.getMessage());
          continue;
        }
        try {
          handler.handle(channel, request);
        } catch (Throwable e) { // NOPMD: nothing a request does may end this thread
          LOG.error("{} request on {} failed", request.type(), channel, e);
        }
      }
    } finally {
      shutdown();
    }
  }

  private void heartbeat() {
    while (running) {
      byte[] ping = heartbeat.recv(0);
      if (ping != null && running) {
        heartbeat.send(ping, 0);
      }
    }
  }

  private void sendFrames(
      ZMQ.Socket socket,
      List<byte[]> identities,
      JsonObject header,
      JsonObject parent,
      JsonObject metadata,
      JsonElement content,
      List<byte[]> buffers) {
    List<byte[]> frames = codec.encode(identities, header, parent, metadata, content, buffers);
    synchronized (socket) {
      for (int i = 0; i < frames.size(); i++) {
        socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
      }
    }
  }

  /** A library message as one of ours. */
  private void sendLibraryMessage(ZMQ.Socket socket, Message<?> m) {
    sendFrames(
        socket,
        m.getIdentities() == null ? List.of() : m.getIdentities(),
        codec.header(m.getHeader().getType().getName()),
        JjavaMessages.parentHeader(m),
        JjavaMessages.metadata(m),
        JjavaMessages.content(m),
        m.getBlobs() == null ? List.of() : m.getBlobs());
  }

  /** The library's request context for {@code request}. */
  public static MessageContext contextOf(WireMessage request) {
    return JjavaMessages.context(request);
  }

  private final class ShellSocket extends ShellChannel {
    ShellSocket(ZMQ.Context context, boolean isControl) {
      super(context, HMACGenerator.NO_AUTH_INSTANCE, isControl, null, 0);
    }

    @Override
    public void bind(KernelConnectionProperties connProps) {
      throw new UnsupportedOperationException("bound by KernelConnection");
    }

    @Override
    public Message<?> readMessage() {
      throw new UnsupportedOperationException("read by KernelConnection");
    }

    @Override
    public void sendMessage(Message<?> message) {
      sendLibraryMessage(this, message);
    }
  }

  private final class StdinSocket extends StdinChannel {
    StdinSocket(ZMQ.Context context) {
      super(context, HMACGenerator.NO_AUTH_INSTANCE);
    }

    @Override
    public void bind(KernelConnectionProperties connProps) {
      throw new UnsupportedOperationException("bound by KernelConnection");
    }

    @Override
    public Message<?> readMessage() {
      throw new UnsupportedOperationException("read by StdinClient");
    }

    @Override
    public String getInput(MessageContext context, String prompt, boolean isPasswordRequest) {
      throw new UnsupportedOperationException("input goes through StdinClient");
    }
  }

  private final class IopubSocket extends IOPubChannel {
    IopubSocket(ZMQ.Context context) {
      super(context, HMACGenerator.NO_AUTH_INSTANCE);
    }

    @Override
    public void bind(KernelConnectionProperties connProps) {
      throw new UnsupportedOperationException("bound by KernelConnection");
    }

    @Override
    public void sendMessage(Message<?> m) {
      publisher.publish(
          m.getHeader().getType().getName(),
          JjavaMessages.parentHeader(m),
          JjavaMessages.content(m),
          JjavaMessages.metadata(m),
          m.getBlobs() == null ? List.of() : m.getBlobs());
    }
  }
}
