package dev.nbfactory.kernel.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the bytecode JShell compiles from cells so that calls to {@code System.exit}, {@code
 * Runtime.exit} and {@code Runtime.halt} (direct calls and method references) call {@link CellExit}
 * instead. Code in libraries a cell calls is not rewritten.
 */
final class ExitCallRewriter {
  private static final Logger LOG = LoggerFactory.getLogger(ExitCallRewriter.class);
  private static final String CELL_EXIT = CellExit.class.getName().replace('.', '/');
  private static final String SYSTEM = "java/lang/System";
  private static final String RUNTIME = "java/lang/Runtime";
  private static final String EXIT_DESC = "(I)V";
  private static final String RUNTIME_EXIT_DESC = "(Ljava/lang/Runtime;I)V";

  private ExitCallRewriter() {}

  /** The class with exit calls rewritten, or the same bytes when there are none or on failure. */
  static byte[] rewrite(byte[] classBytes) {
    try {
      ClassReader reader = new ClassReader(classBytes);
      ClassWriter writer = new ClassWriter(reader, 0);
      boolean[] changed = {false};
      reader.accept(
          new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(
                int access, String name, String desc, String signature, String[] exceptions) {
              MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
              return new MethodVisitor(Opcodes.ASM9, mv) {
                @Override
                public void visitMethodInsn(
                    int opcode, String owner, String method, String descriptor, boolean itf) {
                  if (isSystemExit(opcode == Opcodes.INVOKESTATIC, owner, method, descriptor)) {
                    changed[0] = true;
                    super.visitMethodInsn(
                        Opcodes.INVOKESTATIC, CELL_EXIT, "exit", EXIT_DESC, false);
                  } else if (isRuntimeExit(
                      opcode == Opcodes.INVOKEVIRTUAL, owner, method, descriptor)) {
                    changed[0] = true;
                    super.visitMethodInsn(
                        Opcodes.INVOKESTATIC, CELL_EXIT, method, RUNTIME_EXIT_DESC, false);
                  } else {
                    super.visitMethodInsn(opcode, owner, method, descriptor, itf);
                  }
                }

                @Override
                public void visitInvokeDynamicInsn(
                    String name, String descriptor, Handle bootstrap, Object... args) {
                  Object[] rewritten = args.clone();
                  for (int i = 0; i < rewritten.length; i++) {
                    if (rewritten[i] instanceof Handle h) {
                      Handle replacement = replace(h);
                      if (replacement != h) {
                        changed[0] = true;
                        rewritten[i] = replacement;
                      }
                    }
                  }
                  super.visitInvokeDynamicInsn(name, descriptor, bootstrap, rewritten);
                }

                @Override
                public void visitLdcInsn(Object value) {
                  if (value instanceof Handle h) {
                    Handle replacement = replace(h);
                    if (replacement != h) {
                      changed[0] = true;
                      super.visitLdcInsn(replacement);
                      return;
                    }
                  }
                  super.visitLdcInsn(value);
                }
              };
            }
          },
          0);
      return changed[0] ? writer.toByteArray() : classBytes;
    } catch (RuntimeException e) {
      LOG.warn("could not look for exit calls in a cell class; loading it unchanged", e);
      return classBytes;
    }
  }

  private static Handle replace(Handle h) {
    if (isSystemExit(
        h.getTag() == Opcodes.H_INVOKESTATIC, h.getOwner(), h.getName(), h.getDesc())) {
      return new Handle(Opcodes.H_INVOKESTATIC, CELL_EXIT, "exit", EXIT_DESC, false);
    }
    if (isRuntimeExit(
        h.getTag() == Opcodes.H_INVOKEVIRTUAL, h.getOwner(), h.getName(), h.getDesc())) {
      return new Handle(Opcodes.H_INVOKESTATIC, CELL_EXIT, h.getName(), RUNTIME_EXIT_DESC, false);
    }
    return h;
  }

  private static boolean isSystemExit(boolean isStatic, String owner, String name, String desc) {
    return isStatic && SYSTEM.equals(owner) && "exit".equals(name) && EXIT_DESC.equals(desc);
  }

  private static boolean isRuntimeExit(boolean isVirtual, String owner, String name, String desc) {
    return isVirtual
        && RUNTIME.equals(owner)
        && ("exit".equals(name) || "halt".equals(name))
        && EXIT_DESC.equals(desc);
  }
}
