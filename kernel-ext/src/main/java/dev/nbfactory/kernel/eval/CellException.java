package dev.nbfactory.kernel.eval;

import java.util.List;

/**
 * A cell that did not complete: a compile error, an exception, an interrupt or an exit call.
 * Carries what Jupyter shows: the error's name, its value and the traceback lines.
 */
public final class CellException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String ename;
  private final String evalue;
  private final List<String> traceback;

  public CellException(String ename, String evalue, List<String> traceback) {
    super(ename + ": " + evalue);
    this.ename = ename;
    this.evalue = evalue;
    this.traceback = List.copyOf(traceback);
  }

  public String ename() {
    return ename;
  }

  public String evalue() {
    return evalue;
  }

  public List<String> traceback() {
    return traceback;
  }
}
