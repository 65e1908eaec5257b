package com.mailplatform.gateway.imap.sort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A node of a THREAD result: a message, or a dummy (item null) standing for a message that is not in the
 * result. Everything here is iterative: a References chain of thousands of messages must not overflow the stack.
 */
public final class ThreadNode {

    /** RFC 5256 THREAD: siblings by sent date; equal dates in mailbox order. Dummies take their first child's. */
    static final Comparator<ThreadNode> BY_DATE = Comparator.comparingLong(ThreadNode::date).thenComparingInt(ThreadNode::msn);

    /** Null for a dummy; set when the message of a container made for a reference turns up. */
    SortItem item;
    ThreadNode parent;
    final List<ThreadNode> children = new ArrayList<>();

    ThreadNode(SortItem item) {
        this.item = item;
    }

    public SortItem item() {
        return item;
    }

    public List<ThreadNode> children() {
        return children;
    }

    boolean dummy() {
        return item == null;
    }

    long date() {
        ThreadNode n = this;
        while (n.item == null && !n.children.isEmpty()) {
            n = n.children.get(0);
        }
        return n.item == null ? Long.MIN_VALUE : n.item.dateMillis();
    }

    int msn() {
        ThreadNode n = this;
        while (n.item == null && !n.children.isEmpty()) {
            n = n.children.get(0);
        }
        return n.item == null ? 0 : n.item.msn();
    }

    void add(ThreadNode child) {
        child.parent = this;
        children.add(child);
    }

    void detach() {
        if (parent != null) {
            parent.children.remove(this);
            parent = null;
        }
    }

    /** Whether {@code other} is this node or one of its ancestors. */
    boolean hasAncestorOrSelf(ThreadNode other) {
        if (other.children.isEmpty()) {
            // a node without children is nobody's ancestor: the common case (a new message) costs no walk up
            return this == other;
        }
        for (ThreadNode n = this; n != null; n = n.parent) {
            if (n == other) {
                return true;
            }
        }
        return false;
    }

    /** Sorts every sibling set under the roots (children before their parents, so a dummy's date is known), then the roots. */
    static void sortAll(List<ThreadNode> roots) {
        List<ThreadNode> preorder = new ArrayList<>();
        Deque<ThreadNode> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            ThreadNode n = todo.pop();
            preorder.add(n);
            n.children.forEach(todo::push);
        }
        for (int i = preorder.size() - 1; i >= 0; i--) {
            preorder.get(i).children.sort(BY_DATE);
        }
        roots.sort(BY_DATE);
    }

    /** The thread-list of RFC 5256 BASE.6.4.THREAD: "(1 2 (3)(4))(5)", with UIDs instead of numbers when uid. */
    public static String format(List<ThreadNode> roots, boolean uid) {
        StringBuilder sb = new StringBuilder();
        Deque<Object> todo = new ArrayDeque<>();
        for (ThreadNode root : roots) {
            todo.push(")");
            todo.push(root);
            todo.push("(");
            while (!todo.isEmpty()) {
                Object o = todo.pop();
                if (o instanceof String s) {
                    sb.append(s);
                    continue;
                }
                ThreadNode n = (ThreadNode) o;
                if (n.item != null) {
                    sb.append(uid ? n.item.uid() : n.item.msn());
                    if (n.children.isEmpty()) {
                        continue;
                    }
                    sb.append(' ');
                    if (n.children.size() == 1) {
                        // a single reply continues the thread without its own parentheses
                        todo.push(n.children.get(0));
                        continue;
                    }
                }
                for (int i = n.children.size() - 1; i >= 0; i--) {
                    todo.push(")");
                    todo.push(n.children.get(i));
                    todo.push("(");
                }
            }
        }
        return sb.toString();
    }
}
