package dev.duplex.core.config;

import dev.duplex.core.model.Op;

import java.util.EnumSet;
import java.util.Set;

/** The spelling of row operations in the configuration. */
enum OpCode implements Coded {
    INSERT("insert", Op.INSERT), UPDATE("update", Op.UPDATE), DELETE("delete", Op.DELETE);

    private final String code;
    private final Op op;

    OpCode(String code, Op op) {
        this.code = code;
        this.op = op;
    }

    @Override
    public String code() {
        return code;
    }

    static Set<Op> toOps(Set<OpCode> codes) {
        Set<Op> ops = EnumSet.noneOf(Op.class);
        codes.forEach(c -> ops.add(c.op));
        return ops;
    }
}
